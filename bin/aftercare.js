#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx aftercare` works right after
// `npm ci` with no build step and can never run stale compiled output.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
