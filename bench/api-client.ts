/**
 * Talks to a backend the way the renderer does in browser mode: POST /api/<method> with the
 * launch token, JSON in and a Result envelope out (framed, as the renderer asks for it, when
 * opening a document: shared/api/frame.ts). Also starts that backend as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from './child.js';
import { contract } from '../shared/api/contract.js';
import { acceptFor, readAnswer } from '../shared/api/frame.js';

export interface BackendInfo {
  url: string;
  origin: string;
  token: string;
  port: number;
}

export class ApiError extends Error {}

export class ApiClient {
  constructor(private readonly info: BackendInfo) {}

  /** `options.json`: ask for JSON even where the renderer asks for a framed answer (to compare the two). */
  async call<T = unknown>(method: string, input: unknown = {}, options: { json?: boolean } = {}): Promise<T> {
    const send = () =>
      fetch(`${this.info.origin}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Weft-Token': this.info.token, ...(options.json ? {} : acceptFor(method)) },
        body: JSON.stringify(input),
      });
    let response: Response;
    try {
      response = await send();
    } catch (err) {
      // A kept-alive socket the server closed as the request went out ("fetch failed": on a loaded
      // machine between two long measurements). A method that only reads is sent once more.
      const mutates = (contract as Record<string, { mutates?: boolean } | undefined>)[method]?.mutates !== false;
      if (mutates || (err as Error).message !== 'fetch failed') throw err;
      response = await send();
    }
    const result = (await readAnswer(method, response)) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
    if (!result.ok) throw new ApiError(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }
}

export class BackendProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly info: BackendInfo,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /**
   * Starts bench/backend.ts under tsx, or (`bundled`: a path) the same backend bundled into one
   * file as the product ships it (bench/backend-bundle.ts), without the TypeScript loader's memory.
   */
  static async start(dataDir: string, staticDir: string, bundled?: string): Promise<BackendProcess> {
    const entry = bundled ? [bundled] : ['--import', 'tsx', 'bench/backend.ts'];
    const child = spawn(process.execPath, [...entry, dataDir, staticDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout! });
    const info = await new Promise<BackendInfo>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the backend did not start within 60 s: ${stderr}`)), 60_000);
      child.once('exit', (code) => reject(new Error(`the backend exited with ${code}: ${stderr}`)));
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(JSON.parse(line) as BackendInfo);
      });
    });
    // keep draining its output so it never blocks on a full pipe
    child.stdout!.resume();
    return new BackendProcess(child, info);
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.kill('SIGTERM');
    });
  }
}
