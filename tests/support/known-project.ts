/**
 * A small project whose every count is known by construction: the test fixture for the query
 * layer (unit tests, CLI tests and the analysis e2e spec build it through the real services).
 *
 *  cases      Ana (coach), Ben (client), Cy (client), Dee (coach)   — case attribute "role"
 *  documents  Session 1 (T1), Session 2 (T2), Session 3 (T3), Session 4 (T2), Multilingual
 *             — document attribute "time", an ordered category T1 < T2 < T3
 *  codes      Goals/{Setting goals, Reviewing goals}, Homework, Emotions/{Anxiety}
 *  themes     Practice (Homework, Reviewing goals) ⊃ Worries (Emotions)
 *  set        "Early sessions" = Session 1, Session 2
 *  coders     the session's coder, and "Second coder" (one coding)
 * The expected answers are written out in electron/services/analysis/known-fixture.test.ts.
 */
import { insertDocument } from '../../electron/services/documents.js';
import { createCode } from '../../electron/services/codes.js';
import { createCoding } from '../../electron/services/codings.js';
import { createAttribute, createCase, linkDocumentToCase, linkSpeaker, setAttributeValue } from '../../electron/services/cases.js';
import { ProjectSession, ensureCoder, newGuid, nowIso } from '../../electron/services/project-session.js';
import type { ParsedDocument } from '../../shared/import/types.js';

/**
 * A line "Name: text" whose Name is one of the document's `speakers` starts a turn that runs until
 * the next such line; any other line (also "Notes: …") is text of the turn before it.
 */
export function parse(text: string, speakers: readonly string[]): ParsedDocument {
  const turns: ParsedDocument['turns'] = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    const m = /^([^:\n]+): /.exec(line);
    if (m && speakers.includes(m[1]!)) {
      const last = turns[turns.length - 1];
      if (last) last.end = pos - 1;
      turns.push({ speaker: m[1]!, start: pos, end: text.length });
    }
    pos += line.length + 1;
  }
  return { text, format: 'text', detected: 'fixture', turns, warnings: [] };
}

export const KNOWN_DOCUMENTS = [
  {
    name: 'Session 1',
    time: 'T1',
    speakers: ['Interviewer', 'Ana', 'Ben'],
    text: [
      'Interviewer: What did you work on?',
      'Ana: We set goals for the quarter.',
      'Then we reviewed the goals.',
      'Ben: I felt anxious about homework.',
      'Homework helps me.',
      'Ana: Homework is a habit.',
    ].join('\n'),
  },
  { name: 'Session 2', time: 'T2', speakers: ['Interviewer', 'Cy', 'Ana'], text: ['Interviewer: How was it?', 'Cy: Setting goals made me anxious.', 'Ana: We agreed on homework.'].join('\n') },
  { name: 'Session 3', time: 'T3', speakers: [], text: ['Dee wrote about goals and homework.', 'The homework felt heavy.'].join('\n') },
  // Not speakers: a note and a line of mixed scripts, in documents without turns.
  { name: 'Session 4', time: 'T2', speakers: [], text: 'Notes: homework again and goals at the café.' },
  { name: 'Multilingual', time: null, speakers: [], text: 'Emoji: 👩‍💻 then 我喜欢学习中文 and naïve ideas.' },
] as const;

/** [document index, code path, phrase, occurrence of the phrase (0 = first), second coder?] */
export const KNOWN_CODINGS: [number, string, string, number, boolean?][] = [
  [0, 'Goals/Setting goals', 'We set goals for the quarter.', 0],
  [0, 'Goals/Reviewing goals', 'Then we reviewed the goals.', 0],
  [0, 'Goals/Setting goals', 'goals', 1],
  [0, 'Emotions/Anxiety', 'I felt anxious about homework.', 0],
  [0, 'Homework', 'Homework helps me.', 0],
  [0, 'Homework', 'Homework is a habit.', 0],
  [1, 'Goals/Setting goals', 'Setting goals made me anxious.', 0],
  [1, 'Emotions/Anxiety', 'made me anxious', 0],
  [1, 'Homework', 'We agreed on homework.', 0],
  [1, 'Homework', 'We agreed on homework.', 0, true],
  [2, 'Homework', 'homework', 0],
  [2, 'Homework', 'The homework felt heavy.', 0],
  [2, 'Goals', 'goals', 0],
  [3, 'Homework', 'homework again', 0],
];

function nth(text: string, phrase: string, n: number): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(phrase, at + 1);
    if (at < 0) throw new Error(`fixture: “${phrase}” #${n} not found`);
  }
  return at;
}

export function buildKnownProject(path: string, coderName = 'Main coder'): ProjectSession {
  const session = ProjectSession.create(path, coderName);
  const db = session.db;
  session.transaction(() => {
    const coderId = session.coderId();
    const second = ensureCoder(db, 'Second coder');
    const role = createAttribute(db, { name: 'role', scope: 'case', kind: 'category', categories: ['coach', 'client'] });
    const time = createAttribute(db, { name: 'time', scope: 'document', kind: 'category', categories: ['T1', 'T2', 'T3'] });
    const cases = new Map<string, number>();
    for (const [name, r] of [['Ana', 'coach'], ['Ben', 'client'], ['Cy', 'client'], ['Dee', 'coach']] as const) {
      const c = createCase(db, { name });
      setAttributeValue(db, 'case', c.id, role.id, r);
      cases.set(name, c.id);
    }
    const docs = KNOWN_DOCUMENTS.map((d) => {
      const id = insertDocument(db, parse(d.text, d.speakers), { name: d.name, sourceName: null, coderId });
      if (d.time) setAttributeValue(db, 'document', id, time.id, d.time);
      const speakers = db.prepare('SELECT id, label FROM speakers WHERE document_id = ?').all(id) as { id: number; label: string }[];
      for (const s of speakers) {
        if (s.label === 'Interviewer') linkSpeaker(db, s.id, null, true);
        else if (cases.has(s.label)) linkSpeaker(db, s.id, cases.get(s.label)!);
      }
      return { id, text: d.text };
    });
    linkDocumentToCase(db, cases.get('Dee')!, docs[2]!.id, true);

    const codes = new Map<string, number>();
    const add = (path: string) => {
      const parts = path.split('/');
      const code = createCode(db, { name: parts[parts.length - 1]!, parentId: parts.length > 1 ? codes.get(parts.slice(0, -1).join('/'))! : null });
      codes.set(path, code.id);
    };
    for (const p of ['Goals', 'Goals/Setting goals', 'Goals/Reviewing goals', 'Homework', 'Emotions', 'Emotions/Anxiety']) add(p);
    for (const [doc, path, phrase, n, bySecond] of KNOWN_CODINGS) {
      const d = docs[doc]!;
      const start = nth(d.text, phrase, n);
      createCoding(db, { documentId: d.id, codeId: codes.get(path)!, start, end: start + phrase.length, coderId: bySecond ? second : coderId });
    }

    const now = nowIso();
    const theme = db.prepare('INSERT INTO themes (guid, parent_id, name, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    const practice = Number(theme.run(newGuid(), null, 'Practice', 1, now, now).lastInsertRowid);
    const worries = Number(theme.run(newGuid(), practice, 'Worries', 2, now, now).lastInsertRowid);
    const link = db.prepare('INSERT INTO theme_codes (theme_id, code_id) VALUES (?, ?)');
    link.run(practice, codes.get('Homework'));
    link.run(practice, codes.get('Goals/Reviewing goals'));
    link.run(worries, codes.get('Emotions'));

    const set = Number(db.prepare('INSERT INTO sets (guid, name) VALUES (?, ?)').run(newGuid(), 'Early sessions').lastInsertRowid);
    const member = db.prepare('INSERT INTO set_members (set_id, document_id) VALUES (?, ?)');
    member.run(set, docs[0]!.id);
    member.run(set, docs[1]!.id);
  });
  return session;
}
