/** A new project's path: the app (AppService.createProject) and `weft new` follow the same rule. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../../tests/support/temp';
import { AppService } from './app-service';
import { newProjectPath } from './new-project-path';

const tempDir = useTempDir();

function weftNew(path: string, dataDir: string) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), 'new', path], { encoding: 'utf8', env: { ...process.env, WEFT_DATA_DIR: dataDir } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('new project path', () => {
  it('adds .weft, keeps a .weft path, and refuses a folder (existing, or written with a trailing slash) naming a file to use instead', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'Interviews 访谈'));
    expect(newProjectPath(join(dir, 'Study'))).toBe(join(dir, 'Study.weft'));
    expect(newProjectPath(join(dir, 'Study.WEFT'))).toBe(join(dir, 'Study.WEFT'));
    expect(() => newProjectPath(join(dir, 'Interviews 访谈'))).toThrow(
      `“${join(dir, 'Interviews 访谈')}” is a folder, not a project file. Give the new project a file name, e.g. “${join(dir, 'Interviews 访谈', 'Interviews 访谈.weft')}”.`,
    );
    expect(() => newProjectPath(`${join(dir, 'not yet')}/`)).toThrow(/is a folder, not a project file/);
    expect(() => newProjectPath(join(dir, 'missing', 'Study'))).toThrow(`The folder “${join(dir, 'missing')}” does not exist.`);
  });

  it('the app and the CLI both refuse a folder and create nothing beside it', () => {
    const dir = tempDir();
    const folder = join(dir, 'Interviews');
    mkdirSync(folder);
    const app = new AppService({ dataDir: join(dir, 'data'), host: 'browser' });
    expect(() => app.createProject(folder)).toThrow(/is a folder, not a project file/);
    const cli = weftNew(folder, join(dir, 'data'));
    expect(cli.code).not.toBe(0);
    expect(cli.err).toMatch(/is a folder, not a project file/);
    expect(existsSync(`${folder}.weft`)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
    // both add .weft to a name without it
    expect(app.createProject(join(dir, 'Study')).path).toBe(join(dir, 'Study.weft'));
    app.shutdown();
    const made = weftNew(join(dir, 'Other'), join(dir, 'data'));
    expect(made.code).toBe(0);
    expect(made.out).toBe(`created ${join(dir, 'Other.weft')}\n`);
  });
});
