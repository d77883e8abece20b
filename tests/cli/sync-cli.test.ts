/** weft sync / publish / join: refusals that need no server, run as the real binary. */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../support/temp';

const tempDir = useTempDir();

function weft(args: string[], env: Record<string, string> = {}) {
  const dir = tempDir();
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, WEFT_DATA_DIR: join(dir, 'data'), WEFT_CONFIG_DIR: join(dir, 'config'), WEFT_CODER: 'Ana', WEFT_PASSWORD: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('weft publish / join / sync without a server', () => {
  it('the password is never taken from the command line', () => {
    const r = weft(['join', '--server', 'http://127.0.0.1:9', '--user', 'ana', '--password', 'secret', '--project', 'x', '-o', 'x.weft']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--password/);
  });

  it('without a password or a kept sign-in: a usage error naming both ways to give it', () => {
    const r = weft(['join', '--server', 'http://127.0.0.1:9', '--user', 'ana']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--password-file FILE or WEFT_PASSWORD/);
  });

  it('an unreachable server: exit status 1 and a message saying so; no file is written', async () => {
    const port = await closedPort();
    const dir = tempDir();
    const out = join(dir, 'joined.weft');
    const pw = join(dir, 'pw.txt');
    writeFileSync(pw, 'secret\n');
    const r = weft(['join', '--server', `http://127.0.0.1:${port}`, '--user', 'ana', '--password-file', pw, '--project', '1b4e28ba-2fa1-11d2-883f-0016d3cca427', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`Cannot reach the team server at http://127\\.0\\.0\\.1:${port} \\(connection refused`));
    expect(existsSync(out)).toBe(false);
  });

  it('a password file that does not exist is named', () => {
    const r = weft(['publish', join(tempDir(), 'p.weft'), '--server', 'http://127.0.0.1:9', '--user', 'ana', '--password-file', '/nonexistent/pw']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/“\/nonexistent\/pw” does not exist/);
  });

  it('a server address that is not one is refused', () => {
    const r = weft(['join', '--server', 'weft.example.org', '--user', 'ana'], { WEFT_PASSWORD: 'x' });
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/not a server address/);
  });
});
