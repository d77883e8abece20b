/** The merge rules of issue 17, one test per rule (README "Merge rules when syncing"). */
import { describe, expect, it } from 'vitest';
import { client } from '../../tests/sync/ops-builders';
import { parseOp, type Op } from './ops';
import { canonical, materialize } from './rules';

const ana = client('A', 'coder-ana');
const ben = client('B', 'coder-ben');

/** A project both start from: two coders, one document, codes `trust` and `care`. */
const base = (): Op[] => [
  ana.create(1, 'coder', 'coder-ana', { name: 'Ana' }),
  ana.create(2, 'coder', 'coder-ben', { name: 'Ben' }),
  ana.create(3, 'document', 'doc', { name: 'Interview 1', text: 'We trusted the nurses and they cared.', length: 38 }),
  ana.create(4, 'code', 'trust', { name: 'Trust' }),
  ana.create(5, 'code', 'care', { name: 'Care' }),
];

const shuffledTwice = (ops: Op[]) => [ops, [...ops].reverse(), [...ops.slice(3), ...ops.slice(0, 3)]];

describe('merge rules', () => {
  it('gives the same project whatever order the operations arrive in, and counts a repeated operation once', () => {
    const ops = [...base(), ana.set(10, 'code', 'trust', 'name', 'Trusting'), ben.set(11, 'code', 'trust', 'name', 'Trust in staff')];
    const views = shuffledTwice(ops).map((o) => JSON.stringify(canonical(materialize([...o, ...o.slice(0, 2)]))));
    expect(new Set(views).size).toBe(1);
    expect(materialize(ops).entities.code.get('trust')!.name).toBe('Trust in staff');
  });

  it('keeps both codings when two coders code the same span (codings are a set keyed by GUID)', () => {
    const m = materialize([
      ...base(),
      ana.create(10, 'coding', 'k-ana', { document: 'doc', code: 'trust', coder: 'coder-ana', start: 3, end: 10 }),
      ben.create(10, 'coding', 'k-ben', { document: 'doc', code: 'trust', coder: 'coder-ben', start: 3, end: 10 }),
    ]);
    expect([...m.entities.coding.keys()].sort()).toEqual(['k-ana', 'k-ben']);
  });

  it('collapses one coder’s two codings of one span and code into the earliest, and a memo on the other follows it', () => {
    const m = materialize([
      ...base(),
      ana.create(10, 'coding', 'k1', { document: 'doc', code: 'trust', coder: 'coder-ana', start: 3, end: 10 }),
      ana.create(12, 'coding', 'k2', { document: 'doc', code: 'care', coder: 'coder-ana', start: 3, end: 10 }),
      ana.create(13, 'memo', 'm', { coding: 'k2', body: 'why' }),
      ben.merge(14, 'care', 'trust'),
    ]);
    expect([...m.entities.coding.keys()]).toEqual(['k1']);
    expect(m.entities.memo.get('m')!.coding).toBe('k1');
  });

  it('keeps a coding removed by one coder removed when another adjusted it, and reports the adjustment', () => {
    const m = materialize([
      ...base(),
      ana.create(10, 'coding', 'k', { document: 'doc', code: 'trust', coder: 'coder-ana', start: 3, end: 10 }),
      ben.del(20, 'coding', 'k'),
      ana.set(21, 'coding', 'k', 'end', 12),
    ]);
    expect(m.entities.coding.has('k')).toBe(false);
    expect(m.notices.map((n) => n.text)).toEqual(['An adjustment by Ana to a coding Ben removed was dropped: the coding stays removed.']);
  });

  it('lets the last writer win per field and keeps the value it overwrote unseen in the conflict list; an edit of a value seen is no conflict', () => {
    const first = ana.set(10, 'code', 'trust', 'definition', 'Ana’s definition');
    const m = materialize([
      ...base(),
      first,
      ben.set(11, 'code', 'trust', 'definition', 'Ben’s definition'), // had not seen Ana's
      ben.set(12, 'code', 'trust', 'color', '#ff0000'),
      ana.set(13, 'code', 'trust', 'name', 'Trust (staff)'),
      ana.set(14, 'code', 'trust', 'name', 'Trust in staff', null),
    ]);
    expect(m.entities.code.get('trust')).toMatchObject({ definition: 'Ben’s definition', color: '#ff0000' });
    expect(m.conflicts).toEqual([
      {
        kind: 'code',
        guid: 'trust',
        field: 'definition',
        lostValue: 'Ana’s definition',
        lostBy: 'coder-ana',
        lostAt: first.hlc,
        keptValue: 'Ben’s definition',
        keptBy: 'coder-ben',
        keptAt: expect.any(String),
      },
      expect.objectContaining({ field: 'name', lostValue: 'Trust (staff)' }),
    ]);
    const seen = ana.set(20, 'code', 'care', 'definition', 'one');
    const after = materialize([...base(), seen, ben.set(21, 'code', 'care', 'definition', 'two', seen.hlc)]);
    expect(after.conflicts).toEqual([]);
  });

  it('keeps a coding’s passage whole when two adjustments cross (one moved the start past the other’s end): the later adjustment stands', () => {
    const made = ana.create(10, 'coding', 'k', { document: 'doc', code: 'trust', coder: 'coder-ana', start: 3, end: 10 });
    // Ana moves the start to 8 (the end stays 10); Ben, not having seen it, moves the end to 5 (the start stays 3)
    const anaStart = ana.set(20, 'coding', 'k', 'start', 8);
    const benEnd = ben.set(21, 'coding', 'k', 'end', 5);
    for (const ops of shuffledTwice([...base(), made, anaStart, benEnd])) {
      const m = materialize(ops);
      expect(m.entities.coding.get('k')).toMatchObject({ start: 3, end: 5 });
      expect(m.fieldClocks.get('coding k start')).toBe(made.hlc);
      expect(m.notices).toEqual([{ opId: anaStart.id, text: 'Two adjustments of one coding’s passage crossed; the later one stands.' }]);
    }
    // adjustments that do not cross both stay (Ana's start, Ben's end)
    const both = materialize([...base(), made, anaStart, ben.set(22, 'coding', 'k', 'end', 12)]);
    expect(both.entities.coding.get('k')).toMatchObject({ start: 8, end: 12 });
    expect(both.notices).toEqual([]);
  });

  it('lands a coding added offline to a code someone else merged on the merged code (also through a chain of merges)', () => {
    const ops = [...base(), ana.create(6, 'code', 'warmth', { name: 'Warmth' }), ana.merge(10, 'trust', 'care'), ana.merge(11, 'care', 'warmth')];
    const offline = ben.create(9, 'coding', 'k', { document: 'doc', code: 'trust', coder: 'coder-ben', start: 0, end: 2 });
    const m = materialize([...ops, offline, ben.create(9, 'memo', 'm', { code: 'trust', body: 'note' })]);
    expect(m.entities.coding.get('k')!.code).toBe('warmth');
    expect(m.entities.memo.get('m')!.code).toBe('warmth');
    expect(m.entities.code.has('trust')).toBe(false);
  });

  it('ignores a merge that crosses another the other way round: the earlier merge stands', () => {
    const m = materialize([...base(), ana.merge(10, 'trust', 'care'), ben.merge(11, 'care', 'trust')]);
    expect([...m.entities.code.keys()]).toEqual(['care']);
    expect(m.notices).toHaveLength(1);
  });

  it('deletes a coding on a deleted code, and the sub-codes of a deleted code', () => {
    const m = materialize([
      ...base(),
      ana.create(6, 'code', 'sub', { name: 'Sub', parent: 'trust' }),
      ben.create(10, 'coding', 'k', { document: 'doc', code: 'sub', coder: 'coder-ben', start: 0, end: 2 }),
      ana.del(9, 'code', 'trust'),
    ]);
    expect(m.entities.code.has('sub')).toBe(false);
    expect(m.entities.coding.has('k')).toBe(false);
    expect(m.tombstones.get('k')).toMatchObject({ kind: 'coding' });
  });

  it('does not make the later of two crossing moves that would put a code inside itself', () => {
    const m = materialize([...base(), ana.move(10, 'code', 'trust', 'care'), ben.move(11, 'code', 'care', 'trust')]);
    expect(m.entities.code.get('trust')!.parent).toBe('care');
    expect(m.entities.code.get('care')!.parent).toBe(null);
    expect(m.notices.map((n) => n.opId)).toHaveLength(1);
  });

  it('keeps a name given twice among siblings for the one written first, the other shows “(2)”', () => {
    const m = materialize([...base(), ben.create(7, 'code', 'trust-b', { name: 'Trust' }), ana.create(8, 'theme', 't', { name: 'T' })]);
    expect(m.entities.code.get('trust')!.name).toBe('Trust');
    expect(m.entities.code.get('trust-b')!.name).toBe('Trust (2)');
  });

  it('never changes a document’s text once shared: such an operation is refused', () => {
    expect(() => parseOp(ana.set(10, 'document', 'doc', 'text', 'new text'))).toThrow(/text never changes once shared/);
    expect(() => materialize([...base(), ana.set(10, 'document', 'doc', 'text', 'new text')])).toThrow(/not one this version of Weft understands/);
  });

  it('brings a deleted thing back only by creating it again (undo), never by a field change', () => {
    const gone = materialize([...base(), ana.del(10, 'code', 'care'), ben.set(11, 'code', 'care', 'name', 'Caring')]);
    expect(gone.entities.code.has('care')).toBe(false);
    const back = materialize([...base(), ana.del(10, 'code', 'care'), ana.create(12, 'code', 'care', { name: 'Care' })]);
    expect(back.entities.code.get('care')!.name).toBe('Care');
  });

  it('keeps the latest of link and unlink, and moves a link to a merged code onto the code it was merged into', () => {
    const m = materialize([
      ...base(),
      ana.create(6, 'theme', 't', { name: 'Relations' }),
      ana.op(10, { t: 'link', rel: 'theme_code', a: 't', b: 'trust', fields: { position: 1 } }),
      ben.op(11, { t: 'unlink', rel: 'theme_code', a: 't', b: 'trust' }),
      ana.op(12, { t: 'link', rel: 'theme_code', a: 't', b: 'trust', fields: { position: 2 } }),
      ben.merge(13, 'trust', 'care'),
    ]);
    expect([...m.links.theme_code.values()]).toEqual([{ a: 't', b: 'care', fields: { position: 2 } }]);
  });
});
