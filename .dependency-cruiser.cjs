// Which way imports may point (docs/architecture.md, "Layers"). `npm test` runs this through
// `npm run check:imports`; tests/scripts/import-rules.test.ts shows each rule failing on a violation.
// Paths are relative to the directory depcruise runs in (the repository root).

/** Modules that implement the core's ports (src/core/ports): the core must not know them. */
const implementations = '^(src/(store|nlu|llm|knowledge)|adapters)/';

/** Every part of the project (anything else, e.g. node_modules or node:fs, is a library). */
const project = '^(src|adapters|bin|testkit|tests|scripts|bench)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-implementation',
      comment: 'The core declares the interfaces it needs (src/core/ports) and never imports an adapter or a module that implements them.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: implementations },
    },
    {
      name: 'domain-imports-nothing',
      comment: 'Domain types sit beneath everything: src/domain imports no other part of the project (libraries such as zod are fine).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: project, pathNot: '^src/domain/' },
    },
    {
      name: 'text-utilities-import-only-the-domain',
      comment: 'Language detection and redaction serve every layer, so they depend on nothing but the domain.',
      severity: 'error',
      from: { path: '^src/text/' },
      to: { path: project, pathNot: '^src/(text|domain)/' },
    },
    {
      name: 'nothing-imports-tests',
      comment: 'tests/ is imported by nothing outside it; support shared with scripts and benchmarks lives in testkit/.',
      severity: 'error',
      from: { pathNot: '^tests/' },
      to: { path: '^tests/' },
    },
    {
      name: 'product-imports-no-testkit',
      comment: 'testkit/ is test and benchmark support, not product code.',
      severity: 'error',
      from: { path: '^(src|adapters|bin)/' },
      to: { path: '^testkit/' },
    },
    {
      name: 'adapters-import-no-server',
      comment: 'src/server mounts the adapters; adapters do not reach back into the server.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules/' },
    // Type-only imports count too: a layer that needs another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
