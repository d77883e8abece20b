/**
 * Every `weft` failure is one line on standard error with a documented exit status
 * (electron/cli/exit-codes.ts, README "Command line"); a stack trace only with --debug.
 * Runs the real binary against real files made here.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ProjectSession } from '../../electron/services/project-session';
import { importCodebookStep } from '../../electron/services/coding-workspace';
import { EXIT } from '../../electron/cli/exit-codes';
import { REPO, useTempDir } from '../support/temp';

const tempDir = useTempDir();
const run = promisify(execFile);

interface Outcome {
  code: number;
  out: string;
  err: string;
}

async function weft(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const r = await run(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data'), WEFT_CODER: 'Ana', WEFT_DEBUG: '', ...env },
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, out: err.stdout ?? '', err: err.stderr ?? '' };
  }
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
const TRACE = /^\s+at .+/m;

function project(dir: string, name = 'study.weft'): string {
  const file = join(dir, name);
  ProjectSession.create(file, 'Ana').close();
  return file;
}

/** One file of each kind an import command reads, each broken in its own way. */
function badInputs(dir: string) {
  const write = (name: string, data: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };
  return {
    transcript: write('binary-transcript.txt', Buffer.from('Lea: we started\u0000\u0000\u0001 in spring\n', 'latin1')),
    cases: write('unclosed-quote.csv', 'name,age\n"Lea,34\nSam,41\n'),
    codebookCsv: write('no-code-column.csv', 'colour,size\nred,3\n'),
    codebookQdc: write('truncated.qdc', '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="'),
    qdpx: write('not-a-zip.qdpx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(40, 9)])),
    themes: write('no-theme-column.csv', 'category,topic\nA,B\n'),
  };
}

describe('weft failures', () => {
  it('a bad input file to every import command: one stderr line naming the file, the documented status', async () => {
    const dir = tempDir();
    const file = project(dir);
    const bad = badInputs(dir);
    const cases: [string, string[], string, number][] = [
      ['import', ['import', file, bad.transcript], 'binary-transcript.txt', EXIT.failed],
      ['import-cases', ['import-cases', file, bad.cases], 'unclosed-quote.csv', EXIT.invalid],
      ['import-codebook (CSV)', ['import-codebook', file, bad.codebookCsv], 'no-code-column.csv', EXIT.invalid],
      ['import-codebook (.qdc)', ['import-codebook', file, bad.codebookQdc], 'truncated.qdc', EXIT.invalid],
      ['import-project', ['import-project', bad.qdpx, join(dir, 'new.weft')], 'not-a-zip.qdpx', EXIT.invalid],
      ['import-themes', ['import-themes', file, bad.themes], 'no-theme-column.csv', EXIT.invalid],
      // a file that is not there, and a folder instead of a file
      ['import-cases (missing)', ['import-cases', file, join(dir, 'nowhere.csv')], 'nowhere.csv', EXIT.notFound],
      ['import-codebook (missing)', ['import-codebook', file, join(dir, 'nowhere.qdc')], 'nowhere.qdc', EXIT.notFound],
      ['import-project (missing)', ['import-project', join(dir, 'nowhere.qdpx'), join(dir, 'new2.weft')], 'nowhere.qdpx', EXIT.notFound],
      ['import-cases (folder)', ['import-cases', file, dir], dir, EXIT.invalid],
      ['import (not a project)', ['import', bad.cases, bad.transcript], 'unclosed-quote.csv', EXIT.invalid],
    ];
    // each command gets its own copy of the project: commands that write hold its lock while they run
    const copies = cases.map((_, i) => {
      const copy = join(dir, `p${i}.weft`);
      copyFileSync(file, copy);
      return copy;
    });
    const results = await Promise.all(cases.map(([, args], i) => weft(args.map((a) => (a === file ? copies[i]! : a)))));
    for (const [i, [what, , named, status]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, `${what}: ${r.err}`).toBe(status);
      expect(lines(r.err), what).toHaveLength(1);
      expect(r.err, what).toMatch(/^weft [a-z-]+: /);
      expect(r.err, what).toContain(named);
      expect(r.err, what).not.toMatch(TRACE);
    }
    // nothing was written: no project from the failed import-project, no document, case or code
    expect(readdirSync(dir).filter((f) => f.startsWith('new'))).toEqual([]);
    for (const copy of [file, ...copies]) {
      const summary = JSON.parse((await weft(['summary', copy, '--json'])).out);
      expect(summary).toMatchObject({ documents: 0, cases: 0, codes: 0, themes: 0 });
    }
    console.log(`weft failures: ${cases.length} bad inputs to ${new Set(cases.map(([, a]) => a[0])).size} import commands, each one line`);
  }, 180_000);

  it('--debug (or WEFT_DEBUG=1) adds the stack trace', async () => {
    const dir = tempDir();
    const file = project(dir);
    const bad = badInputs(dir);
    // one after the other: import-cases holds the project's lock while it runs
    const flag = await weft(['import-cases', file, bad.cases, '--debug']);
    const env = await weft(['import-cases', file, bad.cases], { WEFT_DEBUG: '1' });
    for (const r of [flag, env]) {
      expect(r.code).toBe(EXIT.invalid);
      expect(lines(r.err)[0]).toMatch(/^weft import-cases: .*unclosed-quote\.csv/);
      expect(r.err).toMatch(TRACE);
    }
  }, 120_000);

  it('an unexpected internal error: one line, status 70, “run with --debug for details”; the trace with --debug', async () => {
    // A damaged project (another tool made two codes each other's parent) trips a bug-class error.
    const dir = tempDir();
    const file = project(dir);
    const session = ProjectSession.open(file, 'Ana');
    importCodebookStep(session.db, 'codes.csv', Buffer.from('code\nA\nB\n'));
    session.close();
    const raw = new Database(file);
    const [a, b] = raw.prepare('SELECT id FROM codes ORDER BY id').pluck().all() as number[];
    raw.prepare('UPDATE codes SET parent_id = ? WHERE id = ?').run(b, a);
    raw.prepare('UPDATE codes SET parent_id = ? WHERE id = ?').run(a, b);
    raw.close();

    const [plain, debug] = await Promise.all([weft(['codes', file]), weft(['codes', file, '--debug'])]);
    expect(plain.code).toBe(EXIT.internal);
    expect(lines(plain.err)).toHaveLength(1);
    expect(plain.err).toMatch(/^weft codes: unexpected error: .+ \(run with --debug for details\)\n$/);
    expect(debug.code).toBe(EXIT.internal);
    expect(debug.err).toMatch(TRACE);
  }, 120_000);

  it('a write while another program holds the project: one line, status 75, nothing changed', async () => {
    const dir = tempDir();
    const file = project(dir);
    const csv = join(dir, 'codes.csv');
    writeFileSync(csv, 'code\nTrust\nDoubt\n');
    const holder = new Database(file);
    holder.exec('BEGIN EXCLUSIVE');
    let r: Outcome;
    try {
      r = await weft(['import-codebook', file, csv]);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(r.code, r.err).toBe(EXIT.inUse);
    expect(lines(r.err)).toHaveLength(1);
    expect(r.err).toMatch(/in use by another program/);
    expect(r.err).not.toMatch(TRACE);
    expect(JSON.parse((await weft(['summary', file, '--json'])).out).codes).toBe(0);
  }, 120_000);

  it('output that cannot be written (disk full): one line, status 74', async () => {
    if (!existsSync('/dev/full')) return; // Linux only
    const dir = tempDir();
    const file = project(dir);
    mkdirSync(join(dir, 'data'), { recursive: true });
    const r = await run('/bin/sh', ['-c', `"${process.execPath}" "${join(REPO, 'bin/weft.mjs')}" summary "${file}" --json > /dev/full; echo "status=$?" >&2`], {
      encoding: 'utf8',
      env: { ...process.env, WEFT_DATA_DIR: join(dir, 'data'), WEFT_DEBUG: '' },
    });
    expect(r.stderr).toMatch(/^weft: cannot write the output: The disk is full/);
    expect(r.stderr).toMatch(/status=74\n$/);
    expect(lines(r.stderr)).toHaveLength(2);
  }, 60_000);
});
