/**
 * The benchmark's synthetic project, generated deterministically from a seed: interview
 * transcripts with speaker turns ("Interviewer: …" / "Name: …"), participants with attributes,
 * a code tree, codings from several coders, a long transcript for rendering, and the codings and
 * search queries the measurements apply. Same seed and size → byte-identical output.
 *
 * Text positions follow Weft's rule: UTF-16 code units, end-exclusive, over LF text without BOM
 * (the generated text is already in that form; files may be written with BOM/CRLF and the importer
 * normalises them back to exactly this text).
 */
import { Rng } from './prng.js';
import type { BenchSize } from './sizes.js';

export interface Participant {
  name: string;
  attributes: {
    role: string;
    age: number;
    gender: string;
    site: string;
    cohort: string; // category T1 < T2 < T3
    started: string; // date
    mentored: boolean;
  };
}

export interface CodeSpec {
  name: string;
  /** Index of the parent in `codes`, or null at the top level. */
  parent: number | null;
}

export interface DocSpec {
  name: string;
  fileName: string;
  /** Index into `participants` of the interviewee. */
  participant: number;
  text: string;
  /** Approximate word count (the importer counts the real one). */
  words: number;
  /** Coding targets: participant sentences as [start, end) pairs, flattened. */
  sentences: number[];
  /** Paragraph number of each sentence (codings of several sentences stay in one paragraph). */
  paragraphOf: number[];
  /** How the file is written: most as plain UTF-8 with LF, some as Windows files (BOM + CRLF). */
  windows: boolean;
}

export interface CodingSpec {
  doc: number;
  code: number;
  coder: number;
  start: number;
  end: number;
}

export interface Corpus {
  seed: string;
  size: string;
  participants: Participant[];
  codes: CodeSpec[];
  coders: string[];
  docs: DocSpec[];
  codings: CodingSpec[];
  /** Index into `codes` of the code with exactly `hotCodings` codings (a leaf). */
  hotCode: number;
  /** The long transcript rendered in Chromium (first document of the render project) and a short one. */
  renderDoc: DocSpec;
  shortDoc: DocSpec;
  renderCodings: CodingSpec[];
  /** New codings applied through the API, one round trip each (doc indexes into `docs`). */
  applyCodings: CodingSpec[];
  /** More new codings, applied the way the UI does it (create, then refresh the lists). */
  uiApplyCodings: CodingSpec[];
  searchQueries: string[];
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const FIRST = [
  'Amira', 'José', 'Zoë', 'Łukasz', 'Søren', 'Anaïs', 'Chloé', 'Mateus', 'Priya', 'Tomás', 'Ingrid', 'Kwame', 'Mei', 'Hannah',
  'Oluwaseun', 'Björn', 'Camille', 'Dario', 'Fatima', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Keira', 'Leila', 'Marta', 'Niamh', 'Omar',
  'Paulo', 'Rosa', 'Sanjay', 'Tereza', 'Uma', 'Viktor', 'Wen', 'Yusuf', 'Aoife', 'Benoît', 'Céline', 'Eleni',
];
const LAST = [
  'Haddad', 'Álvarez', 'Novak', 'Kowalski', 'Nørgaard', 'Lefèvre', 'Martins', 'Sharma', 'O’Brien', 'Lindqvist', 'Mensah', 'Chen',
  'Fischer', 'Adeyemi', 'Dubois', 'Rossi', 'Khan', 'Walsh', 'Tanaka', 'Costa', 'Müller', 'Petrović', 'Osei', 'García', 'Nakamura',
  'Brennan', 'Svoboda', 'Yılmaz', 'Moreau', 'Kaur',
];
/** A few participants are named in CJK script, as their transcripts label them. */
const CJK_NAMES = ['王芳', '李娜', '佐藤花子', '김민지'];

const ROLES = ['staff nurse', 'midwife', 'healthcare assistant', 'physiotherapist', 'paramedic', 'pharmacist'];
const SITES = ['North General', 'Riverside', 'St Anne’s', 'Hillcrest Community'];
const GENDERS = ['woman', 'man', 'non-binary'];
export const COHORTS = ['T1', 'T2', 'T3'];

const CODEBOOK: [string, string[]][] = [
  ['Transition shock', ['Feeling unprepared', 'Reality gap', 'Imposter feelings', 'Information overload', 'Fear of mistakes', 'Role ambiguity', 'Physical exhaustion', 'Emotional labour', 'First death']],
  ['Support', ['Peer support', 'Preceptor relationship', 'Manager support', 'Family support', 'Formal supervision', 'Informal debriefing', 'Feeling ignored', 'Asking for help', 'Online communities']],
  ['Learning', ['Learning by doing', 'Structured training', 'Feedback', 'Reflection', 'Learning from errors', 'Skills gaps', 'Simulation', 'Study days', 'Reading up']],
  ['Workload', ['Staffing shortages', 'Paperwork', 'Night shifts', 'Overtime', 'Prioritising', 'Time pressure', 'Breaks', 'Rota changes', 'Caseload']],
  ['Identity', ['Growing confidence', 'Professional pride', 'Values conflict', 'Becoming a mentor', 'Being trusted', 'Autonomy', 'Speaking up', 'Sense of belonging', 'Career plans']],
  ['Patients and families', ['Building rapport', 'Difficult conversations', 'Advocacy', 'Cultural differences', 'Complaints', 'Gratitude', 'Discharge planning', 'End of life care', 'Safeguarding']],
  ['Wellbeing', ['Stress', 'Sleep', 'Coping strategies', 'Humour', 'Burnout', 'Self-care', 'Anxiety', 'Leaving the profession', 'Work-life balance']],
  ['Organisation', ['Policies', 'Hierarchy', 'Communication failures', 'Handover', 'Equipment', 'Change management', 'Team culture', 'Recognition', 'Resources']],
];
const ASPECTS = ['early', 'later', 'at night', 'with families', 'in teams', 'in crisis'];

const NOUNS = [
  'handover', 'rota', 'ward round', 'paperwork', 'medication round', 'preceptorship', 'feedback', 'deadline', 'caseload', 'team meeting',
  'placement', 'supervision', 'discharge letter', 'audit', 'staffing', 'night shift', 'training day', 'protocol', 'workload', 'drug chart',
  'care plan', 'observation chart', 'bleep', 'escalation', 'break', 'bed manager', 'induction', 'competency booklet', 'appraisal', 'shift pattern',
  'admission', 'cannula', 'syringe driver', 'fluid balance', 'risk assessment', 'referral', 'family meeting', 'debrief', 'sickness policy', 'study day',
];
const PEOPLE = [
  'mentor', 'manager', 'colleague', 'preceptor', 'charge nurse', 'consultant', 'tutor', 'partner', 'mum', 'friend', 'sister',
  'ward sister', 'educator', 'registrar', 'healthcare assistant', 'student', 'patient', 'relative',
];
const PLACES = ['ward', 'unit', 'corridor', 'staff room', 'car park', 'clinic', 'office', 'café downstairs', 'nurses’ station', 'sluice'];
const ADJECTIVES = [
  'overwhelming', 'calm', 'chaotic', 'supportive', 'exhausting', 'rewarding', 'unclear', 'fair', 'hectic', 'naïve', 'frightening', 'lonely',
  'intense', 'strange', 'manageable', 'brutal', 'reassuring', 'confusing', 'quiet', 'relentless', 'humbling', 'empowering',
];
const FEELINGS = [
  'overwhelmed', 'calm', 'anxious', 'supported', 'exhausted', 'lonely', 'confused', 'proud', 'naïve', 'frightened', 'relieved',
  'out of my depth', 'more confident', 'guilty', 'hopeful',
];
const VERBS_PAST = [
  'explained', 'checked', 'ignored', 'noticed', 'handled', 'questioned', 'supported', 'changed', 'organised', 'rushed', 'covered',
  'forgot', 'escalated', 'double-checked', 'documented', 'shadowed', 'challenged', 'rearranged',
];
const VERBS_BASE = ['manage', 'understand', 'trust', 'plan', 'handle', 'prioritise', 'balance', 'question', 'finish', 'learn', 'juggle', 'own'];
const HOW = [
  'properly', 'slowly', 'on my own', 'with a lot of help', 'without thinking', 'step by step', 'in a panic', 'far too late',
  'better than I expected', 'again and again', 'with my heart in my mouth', 'more confidently',
];
const TIMES = [
  'At first', 'In the first week', 'Later on', 'By the third month', 'On nights', 'After a while', 'Last spring', 'During my induction',
  'Around Christmas', 'Every single shift', 'Now', 'Looking back',
];
const OPENERS = ['Well, ', 'Yeah, ', 'Um, ', 'So ', 'I mean, ', 'Honestly, ', '', '', '', 'Right, ', 'Oh, '];
const FILLERS = ['you know', 'I mean', 'sort of', 'like', 'kind of', 'to be fair', 'basically'];
const CONNECTORS = [', but ', ', and then ', ' because ', ', so ', ' — and ', ' while ', ', although '];
const FEEL = ['felt', 'was', 'got', 'became'];
const MODALS = ['had to', 'couldn’t', 'wanted to', 'tried to', 'learned to', 'needed to'];
const DURATIONS = ['weeks', 'a good month', 'ages', 'about six months', 'a whole year', 'longer than I’d like to admit'];
const EMOJI = ['🙂', '😅', '👍', '🙏', '😂'];
const CJK_ASIDES = [
  'My grandmother always said “加油” — keep going.',
  'We have a word for it at home, 頑張る, just pushing through.',
  'My mum texted me 괜찮아 every morning, it’s okay.',
  'There’s a saying, 慢慢来, take it slowly.',
];
const ACCENTED_ASIDES = [
  'It was déjà vu every Monday.',
  'We’d meet at the café after handover.',
  'I was so naïve about the rôle, honestly.',
  'The façade of being fine cracked quite quickly.',
  'Our educator called it a rite of passage, à la “sink or swim”.',
];

const QUESTIONS = [
  (r: Rng) => `Can you tell me about the ${r.pick(NOUNS)}?`,
  (r: Rng) => `How did you feel when the ${r.pick(NOUNS)} ${r.pick(VERBS_PAST.slice(0, 8))} things?`,
  (r: Rng) => `What helped you most with the ${r.pick(NOUNS)}?`,
  () => 'Could you say a bit more about that?',
  (r: Rng) => `What would you tell a new starter about the ${r.pick(NOUNS)}?`,
  (r: Rng) => `When you think back to ${r.pick(TIMES).toLowerCase()}, what stands out?`,
  () => 'And how was that for you?',
  (r: Rng) => `Was there anyone in particular, a ${r.pick(PEOPLE)} maybe, who supported you?`,
  () => 'Mm. Go on.',
  (r: Rng) => `How does the ${r.pick(PLACES)} feel to you now?`,
];

function clause(r: Rng, apos: string): string {
  switch (r.int(8)) {
    case 0:
      return `I ${r.pick(FEEL)} ${r.pick(FEELINGS)} about the ${r.pick(NOUNS)}`;
    case 1:
      return `my ${r.pick(PEOPLE)} ${r.pick(VERBS_PAST)} the ${r.pick(NOUNS)}`;
    case 2:
      return `nobody really ${r.pick(VERBS_PAST)} the ${r.pick(NOUNS)}`;
    case 3:
      return `I ${r.pick(VERBS_PAST)} the ${r.pick(NOUNS)} ${r.pick(HOW)}`;
    case 4:
      return `it took me ${r.pick(DURATIONS)} to ${r.pick(VERBS_BASE)} the ${r.pick(NOUNS)}`;
    case 5:
      return `the ${r.pick(NOUNS)} was ${r.pick(ADJECTIVES)}`;
    case 6:
      return `I ${r.pick(MODALS).replace('’', apos)} ${r.pick(VERBS_BASE)} the ${r.pick(NOUNS)} ${r.pick(HOW)}`;
    default:
      return `I didn${apos}t know if the ${r.pick(PEOPLE)} would ${r.pick(VERBS_BASE)} it`;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function answerSentence(r: Rng, apos: string): string {
  const x = r.next();
  if (x < 0.004) return r.pick(CJK_ASIDES);
  if (x < 0.014) return r.pick(ACCENTED_ASIDES).replace(/’/g, apos);
  let s: string;
  switch (r.int(9)) {
    case 0:
      s = `${r.pick(OPENERS)}I think ${clause(r, apos)}.`;
      break;
    case 1:
      s = `${r.pick(TIMES)}, ${clause(r, apos)}.`;
      break;
    case 2:
      s = `It was ${r.pick(ADJECTIVES)}, ${r.pick(FILLERS)}, ${clause(r, apos)}.`;
      break;
    case 3:
      s = `I remember the ${r.pick(NOUNS)} on the ${r.pick(PLACES)}, and ${clause(r, apos)}.`;
      break;
    case 4:
      s = `${cap(clause(r, apos))}${r.pick(CONNECTORS)}${clause(r, apos)}.`;
      break;
    case 5:
      s = `There was this ${r.pick(NOUNS)} in the ${r.pick(PLACES)} where ${clause(r, apos)}.`;
      break;
    case 6:
      s = `I wasn${apos}t sure whether ${clause(r, apos)}.`;
      break;
    case 7:
      s = `We had a ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}, ${r.pick(FILLERS)}, and ${clause(r, apos)}.`;
      break;
    default:
      s = `${r.pick(OPENERS)}${clause(r, apos)}, ${r.pick(FILLERS)}.`;
      s = cap(s);
  }
  if (r.chance(0.01)) s += ` ${r.pick(EMOJI)}`;
  return s;
}

/** Words as a reader counts them (spaces between tokens); close to the importer's count. */
function roughWords(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 10;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Generators

export function makeParticipants(r: Rng, count: number): Participant[] {
  const out: Participant[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    let name: string;
    if (i % 15 === 7) name = CJK_NAMES[(i / 15) | 0] ?? `${r.pick(FIRST)} ${r.pick(LAST)}`;
    else name = `${r.pick(FIRST)} ${r.pick(LAST)}`;
    while (used.has(name)) name = `${r.pick(FIRST)} ${r.pick(LAST)}`;
    used.add(name);
    const month = String(r.range(1, 12)).padStart(2, '0');
    out.push({
      name,
      attributes: {
        role: r.pick(ROLES),
        age: r.range(21, 58),
        gender: r.pick(GENDERS),
        site: r.pick(SITES),
        cohort: COHORTS[i % 3]!,
        started: `${r.range(2019, 2024)}-${month}-${String(r.range(1, 28)).padStart(2, '0')}`,
        mentored: r.chance(0.6),
      },
    });
  }
  return out;
}

export function makeCodes(count: number): CodeSpec[] {
  const codes: CodeSpec[] = [];
  const leaves: number[] = [];
  outer: for (const [parent, children] of CODEBOOK) {
    if (codes.length >= count) break;
    const p = codes.push({ name: parent, parent: null }) - 1;
    for (const c of children) {
      if (codes.length >= count) break outer;
      leaves.push(codes.push({ name: c, parent: p }) - 1);
    }
  }
  // Larger codebooks get a third level under the leaves.
  for (let a = 0; codes.length < count; a++) {
    for (const leaf of leaves) {
      if (codes.length >= count) break;
      codes.push({ name: `${codes[leaf]!.name} — ${ASPECTS[a % ASPECTS.length]}${a >= ASPECTS.length ? ` ${Math.floor(a / ASPECTS.length) + 1}` : ''}`, parent: leaf });
    }
  }
  return codes;
}

function makeTranscript(r: Rng, title: string, fileStem: string, participant: Participant, index: number, targetWords: number, windows: boolean): DocSpec {
  const apos = r.chance(0.5) ? '’' : "'";
  const parts: string[] = [];
  let pos = 0;
  let words = 0;
  const sentences: number[] = [];
  const paragraphOf: number[] = [];
  let paragraph = 0;
  const push = (s: string) => {
    parts.push(s);
    pos += s.length;
  };
  const header = `${title}\nSite: ${participant.attributes.site}. Recorded and transcribed verbatim.\n\n`;
  push(header);
  words += roughWords(header);
  const speaker = participant.name;
  while (words < targetWords) {
    const q = r.pick(QUESTIONS)(r);
    const qLine = `Interviewer: ${q}\n`;
    push(qLine);
    words += roughWords(qLine);
    const paras = r.chance(0.25) ? r.range(2, 3) : 1;
    for (let p = 0; p < paras && words < targetWords; p++) {
      if (p === 0) push(`${speaker}: `);
      paragraph++;
      const n = r.range(2, 7);
      for (let s = 0; s < n; s++) {
        if (s > 0) push(' ');
        const sentence = answerSentence(r, apos);
        sentences.push(pos, pos + sentence.length);
        paragraphOf.push(paragraph);
        push(sentence);
        words += roughWords(sentence);
      }
      push('\n');
    }
    if (r.chance(0.1)) push('\n');
  }
  return {
    name: fileStem,
    fileName: `${fileStem}.txt`,
    participant: index,
    text: parts.join(''),
    words,
    sentences,
    paragraphOf,
    windows,
  };
}

function zipfCumulative(n: number, s = 0.9): number[] {
  const out: number[] = [];
  let acc = 0;
  for (let i = 0; i < n; i++) out.push((acc += 1 / Math.pow(i + 1, s)));
  return out;
}

/** A passage to code: whole sentences of one paragraph, or the start of a sentence up to a word end. */
function pickSpan(r: Rng, doc: DocSpec): [number, number] {
  const count = doc.paragraphOf.length;
  const i = r.int(count);
  const start = doc.sentences[2 * i]!;
  const sentenceEnd = doc.sentences[2 * i + 1]!;
  if (r.chance(0.35)) {
    const cut = doc.text.indexOf(' ', start + 1 + r.int(Math.max(1, sentenceEnd - start - 1)));
    const end = cut === -1 || cut >= sentenceEnd ? sentenceEnd : cut;
    return [start, end];
  }
  let j = i;
  const extra = r.int(3);
  while (j - i < extra && j + 1 < count && doc.paragraphOf[j + 1] === doc.paragraphOf[i]) j++;
  return [start, doc.sentences[2 * j + 1]!];
}

/**
 * Codings over `docs`: `hot` of them (exactly) with code `hotCode`, the rest spread over the other
 * codes with a long-tailed (Zipf-like) distribution; coders weighted 40/35/25 %. About a third of
 * codings re-code a passage already coded (by another coder or with another code), so overlaps
 * and nesting are common as in real team projects. No two codings share (doc, code, coder, span).
 */
function makeCodings(r: Rng, docs: DocSpec[], total: number, codes: number, hotCode: number, hot: number, coders: number): CodingSpec[] {
  const out: CodingSpec[] = [];
  const seen = new Set<string>();
  const others = [...Array(codes).keys()].filter((c) => c !== hotCode);
  // shuffle the others deterministically so the popular codes are spread over the tree
  for (let i = others.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [others[i], others[j]] = [others[j]!, others[i]!];
  }
  const codeWeights = zipfCumulative(others.length);
  const coderWeights = coders === 3 ? [40, 75, 100] : [...Array(coders).keys()].map((i) => i + 1);
  const docWeights: number[] = [];
  let acc = 0;
  for (const d of docs) docWeights.push((acc += d.paragraphOf.length));
  const add = (c: CodingSpec) => {
    const key = `${c.doc}:${c.code}:${c.coder}:${c.start}:${c.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    out.push(c);
    return true;
  };
  let hotLeft = hot;
  while (out.length < total) {
    const isHot = hotLeft > 0 && r.int(total - out.length) < hotLeft;
    const code = isHot ? hotCode : others[r.weighted(codeWeights)]!;
    const coder = r.weighted(coderWeights);
    let doc: number;
    let span: [number, number];
    if (out.length > 0 && r.chance(0.33)) {
      const prev = out[r.int(out.length)]!;
      doc = prev.doc;
      span = [prev.start, prev.end];
    } else {
      doc = r.weighted(docWeights);
      span = pickSpan(r, docs[doc]!);
    }
    if (add({ doc, code, coder, start: span[0], end: span[1] }) && isHot) hotLeft--;
  }
  return out;
}

const WAVES = ['first', 'second', 'third'];

/** Round trips made before the measured ones (JIT, caches, connection); not counted. */
export const APPLY_WARMUP = 20;

export function generateCorpus(size: BenchSize, seed = 'weft-bench-1'): Corpus {
  const root = new Rng(`${seed}/${size.name}`);
  const participants = makeParticipants(root.fork('participants'), size.participants);
  const codes = makeCodes(size.codes);
  const coders = ['Ana Ruiz', 'Ben Okafor', 'Chen Jing', 'Dara Quinn', 'Eli Sato'].slice(0, size.coders);

  const textRng = root.fork('transcripts');
  const docs: DocSpec[] = [];
  for (let i = 0; i < size.transcripts; i++) {
    const pi = i % participants.length;
    const p = participants[pi]!;
    const wave = Math.floor(i / participants.length);
    const num = String(i + 1).padStart(3, '0');
    const waveName = WAVES[wave % 3]!;
    const title = `Interview ${num} with ${p.name}, ${waveName} interview (${p.attributes.cohort})`;
    const words = Math.round(size.wordsPerTranscript * (0.85 + 0.3 * textRng.next()));
    docs.push(makeTranscript(textRng, title, `Interview ${num} – ${p.name} (${waveName})`, p, pi, words, i % 10 === 1));
  }

  // The hot code: a leaf in the middle of the tree.
  const leaves = codes.map((c, i) => ({ c, i })).filter(({ i }) => !codes.some((k) => k.parent === i));
  const hotCode = leaves.find(({ c }) => c.name === 'Peer support')?.i ?? leaves[Math.floor(leaves.length / 2)]!.i;
  const codings = makeCodings(root.fork('codings'), docs, size.codings, codes.length, hotCode, size.hotCodings, coders.length);

  const renderRng = root.fork('render');
  const renderDoc = makeTranscript(
    renderRng,
    `Long-form interview with ${participants[0]!.name}, all three waves`,
    'Long-form interview (render benchmark)',
    participants[0]!,
    0,
    size.renderWords,
    false,
  );
  const shortDoc = makeTranscript(renderRng, `Short follow-up with ${participants[1 % participants.length]!.name}`, 'Short follow-up', participants[1 % participants.length]!, 1 % participants.length, 300, false);
  const renderCodings = makeCodings(root.fork('render-codings'), [renderDoc], size.renderCodings, codes.length, hotCode, 0, coders.length);

  // Codings applied one at a time through the API: fresh spans by the app's own coder (coder -1).
  const applyRng = root.fork('apply');
  const applyCodings: CodingSpec[] = [];
  const applySeen = new Set<string>();
  // half applied as the workspace does, half the old way (create, then reload the lists), in turn
  const uiCount = 2 * Math.min(50, Math.ceil(size.applyCodings / 10));
  while (applyCodings.length < size.applyCodings + APPLY_WARMUP + uiCount) {
    const doc = applyRng.int(docs.length);
    const [start, end] = pickSpan(applyRng, docs[doc]!);
    const code = applyRng.int(codes.length);
    const key = `${doc}:${code}:${start}:${end}`;
    if (applySeen.has(key)) continue;
    applySeen.add(key);
    applyCodings.push({ doc, code, coder: -1, start, end });
  }

  const searchQueries = [
    'handover',
    'preceptorship',
    '"night shift"',
    'confus*',
    'naïve',
    'café',
    '加油',
    'escalated',
    '"care plan"',
    'syringe',
    'overwhelming',
    'mentor',
    '"staff room"',
    'double-checked',
    'reassur*',
    participants[0]!.name.split(' ')[0]!,
    '慢慢来',
    '괜찮아',
    '頑張る',
    '"care pl"*',
  ];

  const uiApplyCodings = applyCodings.splice(size.applyCodings + APPLY_WARMUP);
  return { seed, size: size.name, participants, codes, coders, docs, codings, hotCode, renderDoc, shortDoc, renderCodings, applyCodings, uiApplyCodings, searchQueries };
}

/** The bytes of a transcript file as a researcher would have it on disk. */
export function fileBytes(doc: DocSpec): Uint8Array {
  if (!doc.windows) return new TextEncoder().encode(doc.text);
  return new TextEncoder().encode(`\ufeff${doc.text.replace(/\n/g, '\r\n')}`);
}

// ---------------------------------------------------------------------------------------------
// What the worker processes need (no texts: those are read from the written files)

export interface DocMeta {
  name: string;
  fileName: string;
  participant: number;
  length: number;
  words: number;
}

export interface Manifest {
  seed: string;
  size: string;
  participants: Participant[];
  codes: CodeSpec[];
  coders: string[];
  docs: DocMeta[];
  codings: CodingSpec[];
  hotCode: number;
  renderDoc: DocMeta;
  shortDoc: DocMeta;
  renderCodings: CodingSpec[];
}

const meta = (d: DocSpec): DocMeta => ({ name: d.name, fileName: d.fileName, participant: d.participant, length: d.text.length, words: d.words });

export function toManifest(c: Corpus): Manifest {
  return {
    seed: c.seed,
    size: c.size,
    participants: c.participants,
    codes: c.codes,
    coders: c.coders,
    docs: c.docs.map(meta),
    codings: c.codings,
    hotCode: c.hotCode,
    renderDoc: meta(c.renderDoc),
    shortDoc: meta(c.shortDoc),
    renderCodings: c.renderCodings,
  };
}
