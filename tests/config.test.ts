import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnvironment } from '../src/config/load-config.js';
import { repoRoot, tempDir } from '../testkit/runtime.js';

describe('configuration', () => {
  it('a fresh machine needs no settings at all', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.AFTERCARE_DATA_DIR).toBe('./data');
    expect(config.ADMIN_TOKEN).toBeUndefined();
  });

  it('names every bad variable, and hides secret values', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'eighty', ESCALATION_ANGER_THRESHOLD: '7', LOG_LEVEL: 'loud' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    expect(text).toContain('PORT="eighty"');
    expect(text).toContain('ESCALATION_ANGER_THRESHOLD="7"');
    expect(text).toContain('LOG_LEVEL="loud"');
  });

  it('an empty value in .env means unset, not an empty secret', () => {
    expect(loadConfig({ ADMIN_TOKEN: '' }).ADMIN_TOKEN).toBeUndefined();
  });

  it('.env fills in what the environment does not set, and the environment wins', () => {
    const dir = tempDir();
    const file = join(dir.path, '.env');
    writeFileSync(file, 'PORT=4000\nHOST=127.0.0.1\n');
    const env = readEnvironment({ PORT: '5000' }, file);
    expect(loadConfig(env)).toMatchObject({ PORT: 5000, HOST: '127.0.0.1' });
    dir.remove();
  });

  it('the server refuses to start on bad config, saying which variable is wrong', () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'bin/aftercare.js'), 'serve'], {
      env: { ...process.env, PORT: 'not-a-port', ADMIN_TOKEN: 'super-secret-value' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('PORT="not-a-port"');
    expect(result.stderr).not.toContain('super-secret-value');
  });
});

describe('.env.example', () => {
  it('documents every setting, each with a comment', async () => {
    const { configSchema } = await import('../src/config/schema.js');
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(join(repoRoot, '.env.example'), 'utf8').split('\n');
    const documented = lines.map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1]).filter(Boolean);
    expect(new Set(documented)).toEqual(new Set(Object.keys(configSchema.shape)));
    for (const key of documented) {
      const index = lines.findIndex((line) => line.startsWith(`${key}=`));
      expect(lines[index - 1], `${key} needs a comment above it`).toMatch(/^#/);
    }
  });
});
