/**
 * The sample project: a small, invented study — "First year on the ward: how newly qualified
 * nurses learn to cope" — written for Weft. Three short interviews, participants with attributes,
 * a two-level codebook and codings, so a newcomer sees what Weft does in seconds.
 * Codings are given as exact phrases; the builder finds their offsets.
 */

export const SAMPLE_NAME = 'Sample study — First year on the ward';

export interface SampleParticipant {
  name: string;
  role: string;
  age: number;
  setting: string;
}

export const participants: SampleParticipant[] = [
  { name: 'Amira', role: 'new nurse', age: 24, setting: 'surgical' },
  { name: 'Jonas', role: 'new nurse', age: 31, setting: 'medical' },
  { name: 'Ruth', role: 'mentor', age: 52, setting: 'surgical' },
];

export const interviews: { name: string; text: string }[] = [
  {
    name: 'Interview 1 — Amira',
    text: `Interviewer: Thank you for talking to me. Can you describe your first week on the ward?
Amira: Honestly, I felt like I knew nothing. University teaches you the theory, but on my second shift I had eight patients and I didn't know where the dressing packs were kept.
Interviewer: What helped in those first weeks?
Amira: My preceptor, Ruth. She never made me feel stupid for asking. She'd say "ask me twice, that's fine, ask me three times, that's fine too." Having one person I could always go to made a huge difference.
Interviewer: Was there a moment when things changed?
Amira: Around week six. A patient deteriorated and I recognised it before anyone told me. I escalated, and the doctor came, and afterwards I sat in the sluice and thought: I can actually do this.
Interviewer: And the workload?
Amira: There is never enough time. You skip your break, you stay an hour late to finish the notes, and nobody asks you to, it's just expected. I worry about keeping that up for years.`,
  },
  {
    name: 'Interview 2 — Jonas',
    text: `Interviewer: You came into nursing a little later than most. How was the first year?
Jonas: Being older didn't protect me from feeling out of my depth. I'd managed a team in retail, but here I was the one who didn't know the routines.
Interviewer: Who did you learn from?
Jonas: Mostly the healthcare assistants, to be honest. They've been there fifteen years and they know every trick. I learned more from watching them than from any study day.
Interviewer: Did you feel part of the team?
Jonas: Not at first. The night staff had their own jokes and I wasn't in them. It was only after the Christmas rota, when we covered for each other, that I felt I belonged there.
Interviewer: What made the hardest days hard?
Jonas: The pace. Eleven patients, two admissions and a discharge, and the phone never stops. You go home replaying everything you might have missed.`,
  },
  {
    name: 'Interview 3 — Ruth',
    text: `Interviewer: You've mentored new nurses for many years. What do they struggle with most?
Ruth: Confidence, more than skills. They arrive knowing a lot, but they don't trust what they know yet, so they check everything three times.
Interviewer: How do you support them?
Ruth: I try to be the safe person to ask. I tell every new starter that there are no stupid questions on my ward. And I give them real responsibility early, with me close by, because you only learn to make decisions by making them.
Interviewer: Has anything changed in how new nurses are supported?
Ruth: The time has gone. We used to have protected hours for mentoring; now it happens in the corridor between tasks. I worry we are losing good people in their first year because nobody has time to notice they are struggling.`,
  },
];

export interface SampleCode {
  name: string;
  color: string;
  definition: string;
  children?: SampleCode[];
}

export const codebook: SampleCode[] = [
  {
    name: 'Challenges',
    color: '#eb5757',
    definition: 'What makes the first year hard.',
    children: [
      { name: 'Feeling unprepared', color: '#f2994a', definition: 'The gap between training and practice; feeling out of one’s depth.' },
      { name: 'Workload and time pressure', color: '#eb5757', definition: 'Too many patients, too little time, unpaid overtime, missed breaks.' },
    ],
  },
  {
    name: 'Support',
    color: '#2d9cdb',
    definition: 'People and arrangements that help new nurses cope.',
    children: [
      { name: 'A safe person to ask', color: '#56ccf2', definition: 'A named person who can be asked anything without judgement.' },
      { name: 'Learning from colleagues', color: '#6fcf97', definition: 'Informal learning from experienced staff, especially assistants.' },
    ],
  },
  { name: 'Growing confidence', color: '#bb6bd9', definition: 'Moments when the nurse starts to trust their own judgement.' },
  { name: 'Belonging', color: '#f2c94c', definition: 'Feeling part of (or outside) the team.' },
];

/** [document index, code path, exact phrase] */
export const codings: [number, string, string][] = [
  [0, 'Challenges/Feeling unprepared', 'I felt like I knew nothing'],
  [0, 'Challenges/Feeling unprepared', "I didn't know where the dressing packs were kept"],
  [0, 'Support/A safe person to ask', 'She never made me feel stupid for asking'],
  [0, 'Support/A safe person to ask', 'Having one person I could always go to made a huge difference'],
  [0, 'Growing confidence', 'I recognised it before anyone told me'],
  [0, 'Growing confidence', 'I can actually do this'],
  [0, 'Challenges/Workload and time pressure', 'There is never enough time'],
  [0, 'Challenges/Workload and time pressure', "You skip your break, you stay an hour late to finish the notes, and nobody asks you to, it's just expected"],
  [1, 'Challenges/Feeling unprepared', 'feeling out of my depth'],
  [1, 'Support/Learning from colleagues', 'I learned more from watching them than from any study day'],
  [1, 'Belonging', "The night staff had their own jokes and I wasn't in them"],
  [1, 'Belonging', 'I felt I belonged there'],
  [1, 'Challenges/Workload and time pressure', 'Eleven patients, two admissions and a discharge, and the phone never stops'],
  [2, 'Growing confidence', "they don't trust what they know yet"],
  [2, 'Support/A safe person to ask', 'I try to be the safe person to ask'],
  [2, 'Support/A safe person to ask', 'there are no stupid questions on my ward'],
  [2, 'Growing confidence', 'you only learn to make decisions by making them'],
  [2, 'Challenges/Workload and time pressure', 'now it happens in the corridor between tasks'],
];

export const journal =
  'Reflexive journal, week 1: I trained as a nurse myself, so I recognise a lot of what Amira describes. I need to watch that I do not read my own first year into her account.';

export interface SampleTheme {
  name: string;
  /** The central organising concept: what the theme is about. */
  definition: string;
  status: 'candidate' | 'reviewed' | 'final' | 'discarded';
  /** Code paths on the theme. */
  codes: string[];
  /** Illustrative quotes: [document index, exact phrase of a coding under the theme]. */
  quotes: [number, string][];
  subthemes?: SampleTheme[];
}

/**
 * The analysis the sample shows as finished: three final themes with sub-themes and chosen quotes,
 * and one candidate theme still being weighed (workload sits on two themes while the researcher
 * decides: codes and themes are many-to-many).
 */
export const themes: SampleTheme[] = [
  {
    name: 'Thrown in at the deep end',
    definition:
      'The first months as the shock of becoming accountable before feeling ready: knowing the theory but not the ward, and carrying a workload that leaves no room to learn.',
    status: 'final',
    codes: ['Challenges/Feeling unprepared'],
    quotes: [
      [0, 'I felt like I knew nothing'],
      [1, 'feeling out of my depth'],
    ],
    subthemes: [
      {
        name: 'Never enough time',
        definition: 'Time pressure as the constant background of the first year: skipped breaks, unpaid overtime and worry carried home.',
        status: 'final',
        codes: ['Challenges/Workload and time pressure'],
        quotes: [
          [0, "You skip your break, you stay an hour late to finish the notes, and nobody asks you to, it's just expected"],
          [1, 'Eleven patients, two admissions and a discharge, and the phone never stops'],
        ],
      },
    ],
  },
  {
    name: 'Someone to turn to',
    definition:
      'Coping rests on at least one person who can be asked anything without judgement. New nurses and their mentor describe the same relationship from both sides.',
    status: 'final',
    codes: ['Support/A safe person to ask'],
    quotes: [
      [0, 'She never made me feel stupid for asking'],
      [2, 'there are no stupid questions on my ward'],
    ],
    subthemes: [
      {
        name: 'Learning sideways',
        definition: 'Practical know-how picked up from experienced colleagues, often assistants rather than senior nurses, more than from formal teaching.',
        status: 'final',
        codes: ['Support/Learning from colleagues'],
        quotes: [[1, 'I learned more from watching them than from any study day']],
      },
    ],
  },
  {
    name: 'Becoming one of us',
    definition:
      'Confidence and belonging grow together: through decisions made and trusted, and through being let into the team, the new nurse comes to see themselves as a nurse.',
    status: 'final',
    codes: ['Growing confidence'],
    quotes: [
      [0, 'I can actually do this'],
      [2, 'you only learn to make decisions by making them'],
    ],
    subthemes: [
      {
        name: 'Being let in',
        definition: 'Moving from outsider to member of the team, often through a shared hard time.',
        status: 'final',
        codes: ['Belonging'],
        quotes: [[1, 'I felt I belonged there']],
      },
    ],
  },
  {
    name: 'No time to notice',
    definition: 'Candidate: support for new nurses is squeezed out by the same workload that makes the first year hard. Does it stand on its own, or is it part of “Someone to turn to”?',
    status: 'candidate',
    codes: ['Challenges/Workload and time pressure'],
    quotes: [[2, 'now it happens in the corridor between tasks']],
  },
];
