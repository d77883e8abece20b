/**
 * Child processes of the benchmark: workers that run one backend workload and report a JSON
 * result, and helpers to read a process's memory high-water mark and to evict a file from the
 * page cache (so "cold" really reads from the disk, as far as the guest OS can tell).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RESULT_PREFIX = 'BENCH-RESULT ';

/** Called by a worker: the one line its parent reads. */
export function reportResult(value: unknown) {
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(value)}\n`);
}

export interface ChildRun<T> {
  result: T;
  pid: number;
  ms: number;
}

/** Runs `node --import tsx <script> ...args` and returns the JSON it reported. */
export function runWorker<T>(script: string, args: string[], options: { timeoutMs: number; env?: Record<string, string>; echo?: boolean }): Promise<ChildRun<T>> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (options.echo) process.stderr.write(d);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args[0] ?? ''} did not finish within ${Math.round(options.timeoutMs / 1000)} s`));
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        const tail = (stderr || stdout).trim().split('\n').slice(-12).join('\n');
        reject(new Error(`${script} ${args[0] ?? ''} exited with ${signal ?? code}: ${tail}`));
        return;
      }
      resolve({ result: JSON.parse(line.slice(RESULT_PREFIX.length)) as T, pid: child.pid!, ms: performance.now() - t0 });
    });
  });
}

/** A field of /proc/<pid>/status in bytes (VmHWM = peak resident set, VmRSS = current), or null off Linux. */
export function procStatusBytes(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Asks the kernel to drop `path` from the page cache (GNU dd's nocache flag; writes dirty pages
 * first). Returns false when that is not possible here; callers then report the run as warm.
 */
export function evictFromPageCache(path: string): boolean {
  const sync = spawnSync('dd', [`of=${path}`, 'oflag=nocache', 'conv=notrunc,fdatasync', 'count=0', 'status=none'], { stdio: 'ignore' });
  const drop = spawnSync('dd', [`if=${path}`, 'iflag=nocache', 'count=0', 'status=none']);
  return sync.status === 0 && drop.status === 0;
}
