/** Operations for the sync tests, made the way a replica makes them (full `create` fields, clocks per client). */
import { encodeHlc } from '../../shared/sync/hlc';
import { ENTITIES, type EntityKind, type Op, type OpBody, type Scalar } from '../../shared/sync/ops';

const AT = '2026-12-01T00:00:00.000Z';

/** Every field of a new `kind`, defaults overridden by `given`. */
export function fieldsOf(kind: EntityKind, given: Record<string, Scalar>): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [f, s] of Object.entries(ENTITIES[kind].fields)) {
    out[f] = f in given ? given[f]! : s.nullable ? null : s.type === 'text' ? (f.endsWith('At') ? AT : f === 'name' || f === 'label' ? 'x' : f === 'scope' ? 'case' : f === 'kind' ? 'text' : '') : 0;
  }
  if (kind === 'coding' && !('end' in given)) out.end = (out.start as number) + 1;
  return out;
}

/** A client that stamps operations with increasing clocks (wall ms given, so tests choose who is later). */
export function client(clientId: string, actor: string) {
  let counter = 0;
  const op = (wall: number, body: OpBody): Op => {
    const hlc = encodeHlc({ wall, counter: counter++ % 0xffff, clientId });
    return { id: hlc, hlc, clientId, actor, body };
  };
  return {
    op,
    create: (wall: number, kind: EntityKind, guid: string, given: Record<string, Scalar> = {}) => op(wall, { t: 'create', kind, guid, fields: fieldsOf(kind, given) }),
    set: (wall: number, kind: EntityKind, guid: string, field: string, value: Scalar, prev: string | null = null) => op(wall, { t: 'set', kind, guid, field, value, prev }),
    del: (wall: number, kind: EntityKind, guid: string) => op(wall, { t: 'delete', kind, guid }),
    move: (wall: number, kind: 'code' | 'theme', guid: string, parent: string | null) => op(wall, { t: 'move', kind, guid, parent, prev: null }),
    merge: (wall: number, from: string, into: string) => op(wall, { t: 'mergeCode', from, into }),
  };
}
