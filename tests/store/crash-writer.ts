/**
 * Child process for the crash test: applies codings one transaction at a time through the real
 * service, printing each coding's GUID only after its transaction committed; after a number of
 * them it starts a long multi-row transaction and announces it, so the parent can SIGKILL it
 * mid-transaction.
 */
import { ProjectSession } from '../../electron/services/project-session';
import { createCoding } from '../../electron/services/codings';

const [path, documentId, codeId, committedCount] = process.argv.slice(2).map((a, i) => (i === 0 ? a : Number(a))) as [
  string,
  number,
  number,
  number,
];
const session = ProjectSession.open(path, 'Crash tester');
const coderId = session.coderId();
for (let i = 0; i < committedCount; i++) {
  const c = session.transaction(() => createCoding(session.db, { documentId, codeId, start: i, end: i + 1, coderId }));
  process.stdout.write(`committed ${c.guid}\n`);
}
const insert = session.db.prepare(
  "INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'x', 'x')",
);
session.db.exec('BEGIN IMMEDIATE');
for (let i = 0; ; i++) {
  insert.run(`uncommitted-${i}`, documentId, codeId, coderId, 1000 + i, 1001 + i);
  if (i === 500) process.stdout.write('in-transaction\n');
  if (i > 500) {
    const until = Date.now() + 2;
    while (Date.now() < until) {
      /* keep the transaction open and busy */
    }
  }
}
