// A child process starts without the parent's TypeScript loader: register tsx, then run the encoder.
import { register } from 'tsx/esm/api';

register();
await import('./encoder-process.ts');
