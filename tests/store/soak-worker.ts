/**
 * Child process for the SIGKILL soak (crash-soak.test.ts): repeats one kind of operation against a
 * real project through the real services, forever, until the parent kills it. Before each
 * operation it prints `begin <kind> <i>`, and `ack <kind> <i> [detail]` only after the operation
 * committed — so every `ack` line names a write that must survive the kill.
 *
 *   soak-worker KIND PROJECT.weft WORKDIR [QDPX]
 */
import { join } from 'node:path';
import { ProjectSession } from '../../electron/services/project-session';
import { importInputs } from '../../electron/services/importer';
import { importProjectAsNewFile } from '../../electron/services/exchange/workflows';
import { loadIncoming } from '../../electron/services/team/load';
import { mergeIncoming } from '../../electron/services/team/merge';
import { autoCode } from '../../electron/services/analysis/search';
import { createCodeStep } from '../../electron/services/coding-workspace';
import { createThemeFromCodes, mergeThemes, updateTheme } from '../../electron/services/themes';
import { createCoding } from '../../electron/services/codings';
import { historyOf } from '../../electron/services/undo';
import { soakTranscript, buildMergeCopy, SOAK } from './soak-content';

const [kind, path, workdir, qdpx] = process.argv.slice(2) as [string, string, string, string | undefined];
const say = (line: string) => process.stdout.write(`${line}\n`); // a pipe: synchronous on Linux and macOS

const session = ProjectSession.open(path, 'Soak');
const db = session.db;
const codeIds = db.prepare('SELECT id FROM codes ORDER BY id').pluck().all() as number[];
const documentId = db.prepare('SELECT id FROM documents ORDER BY id LIMIT 1').pluck().get() as number;
say('ready');

async function importBatch(i: number) {
  const inputs = Array.from({ length: SOAK.batchFiles }, (_, j) => ({ name: `b${i}-${j}.txt`, bytes: Buffer.from(soakTranscript(`b${i}-${j}`)) }));
  const report = await importInputs(session, inputs, { duplicates: 'import' });
  for (const f of report.files) if (f.outcome === 'imported') say(`ack import ${i} ${f.file}`);
}

async function importQdpx(i: number) {
  await importProjectAsNewFile(qdpx!, 'study.qdpx', join(workdir, `imported-${i}.weft`), 'Soak');
  say(`ack qdpx ${i} imported-${i}.weft`);
}

async function merge(i: number) {
  const copy = join(workdir, `copy-${i}.weft`);
  buildMergeCopy(copy, i);
  const incoming = await loadIncoming(copy, path, 'Soak');
  mergeIncoming(db, incoming, { mergedBy: 'Soak' });
  say(`ack merge ${i}`);
}

function autoCodeOnce(i: number) {
  const code = createCodeStep(db, { name: `auto-${i}` });
  const r = autoCode(session, { query: SOAK.autoCodeWord, codeId: code.id, scope: 'sentence' });
  say(`ack autocode ${i} ${r.created}`);
}

function themeEdits(i: number) {
  const a = historyOf(db).run('Create theme', () => createThemeFromCodes(db, { name: `A${i}`, codeIds: codeIds.slice(0, 2) }));
  say(`ack theme ${i} create-a`);
  const b = historyOf(db).run('Create theme', () => createThemeFromCodes(db, { name: `B${i}`, codeIds: codeIds.slice(2, 3) }));
  say(`ack theme ${i} create-b`);
  historyOf(db).run('Edit theme', () => updateTheme(db, a, { definition: `definition ${i}` }));
  say(`ack theme ${i} update`);
  historyOf(db).run('Merge themes', () => mergeThemes(db, a, [b]));
  say(`ack theme ${i} merge`);
}

function undoRedo(i: number) {
  const coderId = session.coderId();
  historyOf(db).run('Code with a new code', () => {
    const code = createCodeStep(db, { name: `U${i}` });
    for (let k = 0; k < SOAK.undoCodings; k++) createCoding(db, { documentId, codeId: code.id, start: k * 3, end: k * 3 + 2, coderId });
  });
  say(`ack undo ${i} do`);
  historyOf(db).undo();
  say(`ack undo ${i} undo`);
  historyOf(db).redo();
  say(`ack undo ${i} redo`);
}

const OPERATIONS: Record<string, (i: number) => unknown> = {
  import: importBatch,
  qdpx: importQdpx,
  merge,
  autocode: autoCodeOnce,
  theme: themeEdits,
  undo: undoRedo,
};

const op = OPERATIONS[kind];
if (!op) throw new Error(`unknown soak operation ${kind}`);
for (let i = 0; ; i++) {
  say(`begin ${kind} ${i}`);
  await op(i);
}
