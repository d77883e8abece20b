// `npm run scan:electron`, and a step of `npm test`: Electronegativity (Doyensec's scanner for
// Electron misconfigurations) over Weft's own code — electron/ (main, preload, IPC), renderer/,
// shared/, the renderer's HTML (source and, when built, dist/renderer/index.html: the CSP) and
// package.json. Every finding must be judged in security/electronegativity-judged.json (with a
// reason) or the run fails; so does a file the scanner could not parse, a judgement that no
// longer matches anything, or a run that scanned nothing.
//
//   node scripts/electronegativity.mjs [--input PATH]... [--judged FILE|none] [--out FILE]
//
// Two workarounds, both confined to this process (it runs nothing but the scanner):
//  - Electronegativity parses TypeScript with @typescript-eslint/typescript-estree@4, which npm
//    hoists to the top of node_modules, where `require('typescript')` finds the project's
//    TypeScript 7 (the native compiler, no JS API) and crashes. A resolution hook sends every
//    `typescript` request to the typescript@4 nested under Electronegativity's own node_modules.
//  - It fetches translations and Electron release lists from the internet. `got` is replaced by
//    an offline stub (English messages ship with the package), and the release-list check
//    (AvailableSecurityFixesGlobalCheck) is excluded: dependency advisories are judged with
//    `npm audit` in SECURITY.md instead. The scan is deterministic and needs no network.
import Module, { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(ROOT, 'package.json'));

const DEFAULT_INPUTS = ['electron', 'renderer', 'shared', 'dist/renderer/index.html', 'package.json'];
const OPTIONAL_INPUTS = new Set(['dist/renderer/index.html']); // present only after a build
const DEFAULT_JUDGED = 'security/electronegativity-judged.json';
const DEFAULT_OUT = 'dist/security/electronegativity.json';
// Checks that need the internet; see the header.
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];
// What the scanner reads (its own filter); test files are not part of the app.
const SCANNED_EXT = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm']);
const isTestFile = (name) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(name);

function parseArgs(argv) {
  const opts = { inputs: [], judged: DEFAULT_JUDGED, out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!['--input', '--judged', '--out'].includes(flag) || value === undefined) {
      throw new Error(`Unknown or incomplete option “${flag}”. Usage: node scripts/electronegativity.mjs [--input PATH]... [--judged FILE|none] [--out FILE]`);
    }
    i++;
    if (flag === '--input') opts.inputs.push(value);
    else if (flag === '--judged') opts.judged = value;
    else opts.out = value;
  }
  return opts;
}

/** Sends `typescript` to Electronegativity's nested copy and `got` to an offline stub. */
function installResolutionHook(scannerDir) {
  const nestedTypescript = createRequire(join(scannerDir, 'package.json')).resolve('typescript');
  const tsVersion = JSON.parse(readFileSync(join(dirname(dirname(nestedTypescript)), 'package.json'), 'utf8')).version;
  if (!tsVersion.startsWith('4.')) throw new Error(`Electronegativity needs TypeScript 4 (found ${tsVersion} at ${nestedTypescript}).`);

  const OFFLINE_GOT = '\0weft-offline-got';
  const offline = async () => ({ statusCode: 503, headers: {}, body: '' });
  const stub = new Module(OFFLINE_GOT);
  stub.loaded = true;
  stub.exports = Object.assign(offline, { head: offline, get: offline });
  Module._cache[OFFLINE_GOT] = stub;

  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'typescript') return nestedTypescript;
    if (request === 'got') return OFFLINE_GOT;
    return resolveFilename.call(this, request, ...rest);
  };
}

/** Repo-relative name for an input (inputs outside the repo keep their base name). */
function stagedName(input) {
  const rel = relative(ROOT, resolve(ROOT, input));
  return rel.startsWith('..') || isAbsolute(rel) ? basename(input) : rel;
}

/** Copies the inputs into one folder, so one scan sees everything (the global checks need that). Returns the staged paths. */
function stage(inputs, into) {
  const files = [];
  const copy = (from, to) => {
    const st = statSync(from);
    if (st.isDirectory()) {
      if (basename(from) === 'node_modules') return;
      for (const entry of readdirSync(from)) copy(join(from, entry), join(to, entry));
    } else if (st.isFile() && !isTestFile(from) && (SCANNED_EXT.has(extname(from)) || basename(from) === 'package.json')) {
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to);
      files.push(relative(into, to).split(sep).join('/'));
    }
  };
  for (const input of inputs) copy(resolve(ROOT, input), join(into, stagedName(input)));
  return files;
}

function loadJudgements(file) {
  if (file === 'none') return [];
  const list = JSON.parse(readFileSync(resolve(ROOT, file), 'utf8')).judged;
  if (!Array.isArray(list)) throw new Error(`${file}: expected {"judged": [...]}.`);
  list.forEach((j, i) => {
    if (typeof j.id !== 'string' || typeof j.file !== 'string' || typeof j.reason !== 'string' || j.reason.trim().length < 20) {
      throw new Error(`${file}: entry ${i + 1} needs "id", "file" and a "reason" that says why the finding is not a problem.`);
    }
  });
  return list;
}

const matches = (j, f) => j.id === f.id && j.file === f.file && (j.sample === undefined || (f.sample ?? '').includes(j.sample));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const inputs = opts.inputs.length ? opts.inputs : DEFAULT_INPUTS.filter((i) => !OPTIONAL_INPUTS.has(i) || existsSync(join(ROOT, i)));
  for (const input of inputs) {
    if (!existsSync(resolve(ROOT, input))) throw new Error(`Nothing to scan at ${input}.`);
  }
  const judgements = loadJudgements(opts.judged);

  const scannerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const scannerVersion = JSON.parse(readFileSync(join(scannerDir, 'package.json'), 'utf8')).version;
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  installResolutionHook(scannerDir);
  const run = require(join(scannerDir, 'dist', 'runner.js'));

  const staging = mkdtempSync(join(tmpdir(), 'weft-electronegativity-'));
  let result;
  let files;
  try {
    files = stage(inputs, staging);
    if (files.length === 0) throw new Error(`No files to scan in ${inputs.join(', ')}.`);
    result = await run(
      {
        input: staging,
        isRelative: true,
        customScan: [],
        excludeFromScan: EXCLUDED_CHECKS,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }

  const toRepoPath = (p) => p.split(sep).join('/');
  const findings = result.issues.map((i) => {
    const f = {
      id: i.id,
      file: toRepoPath(i.file),
      line: i.location.line,
      column: i.location.column,
      severity: i.severity.name,
      confidence: i.confidence.name,
      manualReview: Boolean(i.manualReview),
      description: i.description,
      sample: i.sample,
      url: i.shortenedURL,
    };
    return { ...f, judged: judgements.find((j) => matches(j, f))?.reason ?? null };
  });
  const parseErrors = result.errors.filter((e) => !e.tolerable).map((e) => ({ file: toRepoPath(relative(staging, e.file)), message: e.message }));
  // A judgement about a file this run did not scan (dist/ before a build, a custom --input) is not stale.
  const stale = judgements.filter((j) => files.includes(j.file) && !findings.some((f) => matches(j, f)));
  const unjudged = findings.filter((f) => f.judged === null);

  const out = resolve(ROOT, opts.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify({ scanner: `@doyensec/electronegativity ${scannerVersion}`, electronVersion, inputs, files: files.length, checks: result.atomicChecks + result.globalChecks, findings, parseErrors, staleJudgements: stale }, null, 2) + '\n',
  );

  for (const f of findings) {
    console.log(`${f.judged ? 'judged' : 'NEW   '} ${f.id} ${f.file}:${f.line} (${f.severity}, ${f.confidence})${f.judged ? '' : ` — ${f.description} ${f.url ?? ''}`}`);
  }
  for (const e of parseErrors) console.log(`UNSCANNED ${e.file}: ${e.message}`);
  for (const j of stale) console.log(`STALE  ${j.id} ${j.file}: judged in ${opts.judged} but no longer reported; remove the entry.`);
  console.log(
    `electronegativity ${scannerVersion}: ${files.length} files, ${result.atomicChecks + result.globalChecks} checks, Electron ${electronVersion}; ` +
      `${findings.length} findings (${findings.length - unjudged.length} judged, ${unjudged.length} new)` +
      `${parseErrors.length ? `, ${parseErrors.length} files not parsed` : ''}${stale.length ? `, ${stale.length} stale judgements` : ''}. Report: ${relative(ROOT, out)}`,
  );
  if (unjudged.length) console.log(`Fix each new finding, or judge it (with a reason) in ${opts.judged}.`);
  return unjudged.length === 0 && parseErrors.length === 0 && stale.length === 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    console.error(`electronegativity: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
