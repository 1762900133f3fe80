import type { Router } from 'express';
import type { Runtime } from '../../src/runtime.js';

export function discordChannel(_runtime: Runtime): Router[] {
  return [];
}
