import { describe, expect, it } from 'vitest';
import type { PhaseFacts } from '../types/themes';
import { phaseStatus } from './phases';

const doc = (name: string, read: boolean, codings: number, notes = 0) => ({
  id: name.length,
  name,
  read,
  codings,
  notes: Array.from({ length: notes }, (_, i) => ({ id: i + 1, title: '', body: 'note' })),
});
const theme = (name: string, status: PhaseFacts['themes'][number]['status'], hasDefinition: boolean, quotes: number, isSubtheme = false) => ({
  id: name.length,
  name,
  status,
  hasDefinition,
  quotes,
  isSubtheme,
});

describe('phase status', () => {
  it('an empty project has not started any phase', () => {
    const phases = phaseStatus({ documents: [], codes: 0, codings: 0, unthemedCodes: [], themes: [] });
    expect(phases.map((p) => p.state)).toEqual(Array(6).fill('not-started'));
    expect(phases.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('follows the traces each phase leaves and names what is missing', () => {
    const facts: PhaseFacts = {
      documents: [doc('Amira', true, 4, 1), doc('Jonas', false, 0)],
      codes: 3,
      codings: 4,
      unthemedCodes: ['Belonging'],
      themes: [theme('Deep end', 'final', true, 2), theme('Time', 'candidate', false, 0), theme('Sub', 'reviewed', true, 0, true), theme('Old', 'discarded', false, 0)],
    };
    const [p1, p2, p3, p4, p5, p6] = phaseStatus(facts);
    expect(p1!.state).toBe('in-progress');
    expect(p1!.items[0]).toEqual({ label: 'Documents not yet marked as read', names: ['Jonas'], ok: false });
    expect(p2!.summary).toBe('1 of 2 documents coded; 3 codes, 4 codings');
    expect(p2!.items[0]!.names).toEqual(['Jonas']);
    expect(p3).toMatchObject({ state: 'in-progress', summary: '2 themes; 1 code not yet themed' });
    expect(p3!.items[0]!.names).toEqual(['Belonging']);
    expect(p4).toMatchObject({ state: 'in-progress', summary: '2 of 3 themes reviewed' });
    expect(p4!.items[0]!.names).toEqual(['Time']);
    expect(p5!.items[0]!.names).toEqual(['Time']);
    expect(p6!.items.map((i) => i.names)).toEqual([['Time'], ['Time']]);
  });

  it('a finished analysis has every phase done', () => {
    const facts: PhaseFacts = {
      documents: [doc('Amira', true, 4, 1)],
      codes: 1,
      codings: 4,
      unthemedCodes: [],
      themes: [theme('Deep end', 'final', true, 2), theme('Sub', 'final', true, 0, true)],
    };
    expect(phaseStatus(facts).map((p) => p.state)).toEqual(Array(6).fill('done'));
  });
});
