// Starts tests/relay/service-worker.ts in a worker thread: a worker does not inherit the test
// runner's TypeScript loader, so it registers tsx's here first.
import { tsImport } from 'tsx/esm/api';

await tsImport('./service-worker.ts', import.meta.url);
