import { describe, expect, it } from 'vitest';
import { syncPointsOfTurns, timeTurns } from './sync.js';

const G = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('turn times ↔ sync points', () => {
  const turns = [
    { speaker: 'A', start: 0, end: 10, beginMs: 0, endMs: 900 },
    { speaker: 'B', start: 10, end: 20, beginMs: 1000, endMs: null },
    { speaker: 'A', start: 21, end: 30, beginMs: null, endMs: null },
  ];

  it('writes a point per timed beginning and end, with GUIDs stable across exports', () => {
    const points = syncPointsOfTurns(G, turns);
    expect(points.map((p) => [p.offset, p.timeStamp])).toEqual([
      [0, 0],
      [10, 900],
      [10, 1000],
    ]);
    expect(syncPointsOfTurns(G, turns)).toEqual(points);
    expect(new Set(points.map((p) => p.guid)).size).toBe(3);
  });

  it('reads them back: at a shared boundary the first point is the end, the second the beginning', () => {
    const untimed = turns.map((t) => ({ ...t, beginMs: null, endMs: null }));
    expect(timeTurns(untimed, syncPointsOfTurns(G, turns), 30)).toEqual(turns);
  });

  it('ignores points without a time or a place, and keeps turns as they are without any', () => {
    expect(timeTurns(turns, [{ guid: G, position: 3 }, { guid: G, timeStamp: 5 }], 30)).toEqual(turns);
  });

  it('makes one unspeakered turn per stretch between timed points when the text has no turns', () => {
    const points = [
      { guid: G, offset: 12, timeStamp: 4000 },
      { guid: G, offset: 0, timeStamp: 0 },
      { guid: G, offset: 12, timeStamp: 4100 },
      { guid: G, offset: 5 },
    ];
    expect(timeTurns([], points, 20)).toEqual([
      { speaker: null, start: 0, end: 12, beginMs: 0, endMs: 4000 },
      { speaker: null, start: 12, end: 20, beginMs: 4000, endMs: null },
    ]);
  });
});
