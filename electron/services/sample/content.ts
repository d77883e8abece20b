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
