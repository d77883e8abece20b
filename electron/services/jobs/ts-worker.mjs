// Starts a worker thread's TypeScript entry in development and tests (vitest, tsx): registers
// tsx in this thread, then imports the entry. The built app starts the bundled .mjs instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
