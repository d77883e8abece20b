/**
 * The operations of a synced project (issue 17): what one change to a project says, whatever door
 * made it (the app, the `weft` command line, undo, a file merge). Every synced kind of thing is
 * described once here (ENTITIES, LINKS): its table, its fields and their columns, which fields refer
 * to other things (by GUID), which may never change once made. The recorder (migration 0010's
 * triggers), the replica (electron/services/sync/replica.ts) and the rules (rules.ts) all read these
 * tables; nothing else lists the columns of a synced thing.
 *
 * Operation bodies (`OpBody`, the `body` of protocol.ts `OpEnvelope`):
 * - `create`  a new thing with all its fields (a document's text is given here and never changes);
 * - `set`     one field's new value (`prev`: the clock of the value the writer saw, for the conflict list);
 * - `move`    a code or theme under a new parent (null: top level);
 * - `delete`  the thing is gone (a later `create` of the same GUID, e.g. undo, brings it back);
 * - `link` / `unlink`  a relation between two things (theme ↔ code, theme ↔ quote, set members,
 *             document ↔ case, attribute values), with the link's own fields (position, value);
 * - `mergeCode` everything that refers to `from` now refers to `into` (also what arrives later).
 *
 * Values are what the column holds (text, number, 0/1, or null); references are GUIDs.
 * Pure: no node or sqlite imports (used by the server too).
 */
import { z } from 'zod';
import { isHlc } from './hlc.js';
import type { HlcString, OpEnvelope } from './protocol.js';

export type Scalar = string | number | null;

export type EntityKind = 'coder' | 'code' | 'document' | 'coding' | 'theme' | 'memo' | 'case' | 'attribute' | 'set' | 'speaker' | 'turn';
export const ENTITY_KINDS: readonly EntityKind[] = ['coder', 'code', 'document', 'coding', 'theme', 'memo', 'case', 'attribute', 'set', 'speaker', 'turn'];

export interface FieldSpec {
  /** The column in the entity's table. */
  column: string;
  /** A reference to another thing (the value is its GUID, or null). */
  ref?: EntityKind;
  /** Given when the thing is made, never changed afterwards (a document's text, a coding's document…). */
  createOnly?: boolean;
  /** Last-writer-wins, and the value that lost goes to the conflict list (names, definitions, colours, memos). */
  conflicts?: boolean;
  /** The column may hold null. */
  nullable?: boolean;
  type: 'text' | 'int' | 'real';
}

export interface EntitySpec {
  table: string;
  /** How the thing is named in the conflict list. */
  label: string;
  fields: Record<string, FieldSpec>;
  /** The field naming what it sits under (codes, themes): changed by `move`, cycles resolved by the rules. */
  parentField?: string;
  /** Fields whose values must be unique together with `name`: a clash made by two replicas is resolved by the rules. */
  uniqueName?: { field: string; within: string[] };
  /** Turns have no GUID column: their GUID is `<document GUID>#<seq>`. */
  syntheticGuid?: boolean;
  /** Two fields that make one passage (start < end): the rules keep it whole when edits of them cross. */
  span?: { start: string; end: string };
}

const text = (column: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ column, type: 'text', ...extra });
const int = (column: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ column, type: 'int', ...extra });
const ref = (column: string, kind: EntityKind, extra: Partial<FieldSpec> = {}): FieldSpec => ({ column, type: 'text', ref: kind, nullable: true, ...extra });

export const ENTITIES: Record<EntityKind, EntitySpec> = {
  coder: {
    table: 'coders',
    label: 'coder',
    fields: { name: text('name', { conflicts: true }), initials: text('initials', { nullable: true }), isConsensus: int('is_consensus'), createdAt: text('created_at') },
    uniqueName: { field: 'name', within: [] },
  },
  code: {
    table: 'codes',
    label: 'code',
    fields: {
      parent: ref('parent_id', 'code'),
      name: text('name', { conflicts: true }),
      color: text('color', { conflicts: true }),
      colorGiven: int('color_given'),
      definition: text('definition', { conflicts: true }),
      inclusion: text('inclusion', { conflicts: true }),
      exclusion: text('exclusion', { conflicts: true }),
      example: text('example', { conflicts: true }),
      isCodable: int('is_codable'),
      position: int('position'),
      createdAt: text('created_at'),
      updatedAt: text('updated_at'),
    },
    parentField: 'parent',
    uniqueName: { field: 'name', within: ['parent'] },
  },
  document: {
    table: 'documents',
    label: 'document',
    fields: {
      name: text('name', { conflicts: true }),
      sourceFormat: text('source_format'),
      sourceName: text('source_name', { nullable: true }),
      contentHash: text('content_hash', { createOnly: true }),
      length: int('length', { createOnly: true }),
      wordCount: int('word_count', { createOnly: true }),
      description: text('description', { conflicts: true }),
      position: int('position'),
      createdBy: ref('created_by', 'coder'),
      createdAt: text('created_at'),
      updatedAt: text('updated_at'),
      text: text('text', { createOnly: true }),
    },
  },
  coding: {
    table: 'codings',
    label: 'coding',
    fields: {
      document: ref('document_id', 'document', { createOnly: true, nullable: false }),
      code: ref('code_id', 'code', { nullable: false }),
      coder: ref('coder_id', 'coder', { createOnly: true, nullable: false }),
      start: int('start'),
      end: int('end'),
      createdAt: text('created_at'),
      updatedAt: text('updated_at'),
    },
    span: { start: 'start', end: 'end' },
  },
  theme: {
    table: 'themes',
    label: 'theme',
    fields: {
      parent: ref('parent_id', 'theme'),
      name: text('name', { conflicts: true }),
      definition: text('definition', { conflicts: true }),
      status: text('status', { conflicts: true }),
      color: text('color', { conflicts: true }),
      position: int('position'),
      createdAt: text('created_at'),
      updatedAt: text('updated_at'),
    },
    parentField: 'parent',
    uniqueName: { field: 'name', within: ['parent'] },
  },
  memo: {
    table: 'memos',
    label: 'memo',
    fields: {
      title: text('title', { conflicts: true }),
      body: text('body', { conflicts: true }),
      document: ref('document_id', 'document'),
      code: ref('code_id', 'code'),
      theme: ref('theme_id', 'theme'),
      coding: ref('coding_id', 'coding'),
      case: ref('case_id', 'case'),
      coder: ref('coder_id', 'coder'),
      createdAt: text('created_at'),
      updatedAt: text('updated_at'),
    },
  },
  case: {
    table: 'cases',
    label: 'case',
    fields: { name: text('name', { conflicts: true }), description: text('description', { conflicts: true }), createdAt: text('created_at'), updatedAt: text('updated_at') },
    uniqueName: { field: 'name', within: [] },
  },
  attribute: {
    table: 'attributes',
    label: 'attribute',
    fields: {
      name: text('name', { conflicts: true }),
      scope: text('scope', { createOnly: true }),
      kind: text('kind', { conflicts: true }),
      categories: text('categories', { nullable: true, conflicts: true }),
      position: int('position'),
    },
    uniqueName: { field: 'name', within: ['scope'] },
  },
  set: {
    table: 'sets',
    label: 'set',
    fields: { name: text('name', { conflicts: true }), description: text('description', { conflicts: true }) },
  },
  speaker: {
    table: 'speakers',
    label: 'speaker',
    fields: {
      document: ref('document_id', 'document', { createOnly: true, nullable: false }),
      label: text('label', { conflicts: true }),
      case: ref('case_id', 'case'),
      isInterviewer: int('is_interviewer'),
    },
    uniqueName: { field: 'label', within: ['document'] },
  },
  turn: {
    table: 'turns',
    label: 'turn',
    fields: {
      document: ref('document_id', 'document', { createOnly: true, nullable: false }),
      speaker: ref('speaker_id', 'speaker'),
      seq: int('seq', { createOnly: true }),
      start: int('start', { createOnly: true }),
      end: int('end', { createOnly: true }),
      beginMs: int('begin_ms', { nullable: true }),
      endMs: int('end_ms', { nullable: true }),
    },
    syntheticGuid: true,
  },
};

export type LinkKind = 'theme_code' | 'theme_quote' | 'set_document' | 'set_code' | 'document_case' | 'case_value' | 'document_value';
export const LINK_KINDS: readonly LinkKind[] = ['theme_code', 'theme_quote', 'set_document', 'set_code', 'document_case', 'case_value', 'document_value'];

export interface LinkSpec {
  table: string;
  a: { kind: EntityKind; column: string };
  b: { kind: EntityKind; column: string };
  /** The link's own fields (last-writer-wins as a whole with the link). */
  fields: Record<string, FieldSpec>;
}

export const LINKS: Record<LinkKind, LinkSpec> = {
  theme_code: { table: 'theme_codes', a: { kind: 'theme', column: 'theme_id' }, b: { kind: 'code', column: 'code_id' }, fields: { position: int('position') } },
  theme_quote: { table: 'theme_quotes', a: { kind: 'theme', column: 'theme_id' }, b: { kind: 'coding', column: 'coding_id' }, fields: { position: int('position') } },
  set_document: { table: 'set_members', a: { kind: 'set', column: 'set_id' }, b: { kind: 'document', column: 'document_id' }, fields: {} },
  set_code: { table: 'set_members', a: { kind: 'set', column: 'set_id' }, b: { kind: 'code', column: 'code_id' }, fields: {} },
  document_case: { table: 'document_cases', a: { kind: 'document', column: 'document_id' }, b: { kind: 'case', column: 'case_id' }, fields: {} },
  case_value: { table: 'case_attribute_values', a: { kind: 'case', column: 'case_id' }, b: { kind: 'attribute', column: 'attribute_id' }, fields: { value: text('value') } },
  document_value: { table: 'document_attribute_values', a: { kind: 'document', column: 'document_id' }, b: { kind: 'attribute', column: 'attribute_id' }, fields: { value: text('value') } },
};

export type OpBody =
  | { t: 'create'; kind: EntityKind; guid: string; fields: Record<string, Scalar> }
  | { t: 'set'; kind: EntityKind; guid: string; field: string; value: Scalar; prev: HlcString | null }
  | { t: 'move'; kind: 'code' | 'theme'; guid: string; parent: string | null; prev: HlcString | null }
  | { t: 'delete'; kind: EntityKind; guid: string }
  | { t: 'link'; rel: LinkKind; a: string; b: string; fields: Record<string, Scalar> }
  | { t: 'unlink'; rel: LinkKind; a: string; b: string }
  | { t: 'mergeCode'; from: string; into: string };

/** An operation with its body known to be well formed. */
export interface Op extends OpEnvelope {
  body: OpBody;
}

const scalar = z.union([z.string(), z.number().finite(), z.null()]);
const guid = z.string().min(1).max(200).regex(/^\S+$/, 'a GUID has no spaces');
const hlc = z.string().refine(isHlc, 'not a clock time');
const entityKind = z.enum(ENTITY_KINDS as [EntityKind, ...EntityKind[]]);
const linkKind = z.enum(LINK_KINDS as [LinkKind, ...LinkKind[]]);

export const opBodySchema: z.ZodType<OpBody> = z.discriminatedUnion('t', [
  z.object({ t: z.literal('create'), kind: entityKind, guid, fields: z.record(z.string(), scalar) }).strict(),
  z.object({ t: z.literal('set'), kind: entityKind, guid, field: z.string(), value: scalar, prev: hlc.nullable() }).strict(),
  z.object({ t: z.literal('move'), kind: z.enum(['code', 'theme']), guid, parent: guid.nullable(), prev: hlc.nullable() }).strict(),
  z.object({ t: z.literal('delete'), kind: entityKind, guid }).strict(),
  z.object({ t: z.literal('link'), rel: linkKind, a: guid, b: guid, fields: z.record(z.string(), scalar) }).strict(),
  z.object({ t: z.literal('unlink'), rel: linkKind, a: guid, b: guid }).strict(),
  z.object({ t: z.literal('mergeCode'), from: guid, into: guid }).strict(),
]) as z.ZodType<OpBody>;

export const opEnvelopeSchema = z
  .object({ id: hlc, hlc, clientId: z.string().min(1).max(64), actor: z.string().max(200), body: z.unknown() })
  .strict()
  .refine((o) => o.id === o.hlc, 'an operation’s id is its clock time')
  .refine((o) => o.hlc.endsWith(`-${o.clientId}`), 'an operation’s clock names its client');

/** Why an operation is not one this version understands, or null when it is. */
export function opProblem(op: unknown): string | null {
  const env = opEnvelopeSchema.safeParse(op);
  if (!env.success) return env.error.issues.map((i) => `${i.path.join('.') || 'operation'}: ${i.message}`).join('; ');
  const body = opBodySchema.safeParse(env.data.body);
  if (!body.success) return body.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`).join('; ');
  const b = body.data;
  if (b.t === 'create') {
    const spec = ENTITIES[b.kind];
    for (const f of Object.keys(b.fields)) if (!(f in spec.fields)) return `body.fields: a ${spec.label} has no field “${f}”`;
    for (const [f, s] of Object.entries(spec.fields)) {
      if (!(f in b.fields)) return `body.fields: a new ${spec.label} needs “${f}”`;
      const v = b.fields[f];
      if (v === null && !s.nullable) return `body.fields.${f}: a ${spec.label}’s ${f} cannot be empty`;
      if (v !== null && (s.type === 'text' ? typeof v !== 'string' : typeof v !== 'number')) return `body.fields.${f}: wrong type`;
    }
  }
  if (b.t === 'set') {
    const spec = ENTITIES[b.kind];
    const s = spec.fields[b.field];
    if (!s) return `body.field: a ${spec.label} has no field “${b.field}”`;
    if (s.createOnly) return `body.field: a ${spec.label}’s ${b.field} never changes once shared`;
    if (spec.parentField === b.field) return `body.field: a ${spec.label}’s ${b.field} changes by a move`;
    if (b.value === null && !s.nullable) return `body.value: a ${spec.label}’s ${b.field} cannot be empty`;
    if (b.value !== null && (s.type === 'text' ? typeof b.value !== 'string' : typeof b.value !== 'number')) return `body.value: wrong type`;
  }
  if (b.t === 'link') {
    const spec = LINKS[b.rel];
    for (const f of Object.keys(spec.fields)) if (!(f in b.fields)) return `body.fields: a ${b.rel} link needs “${f}”`;
    for (const f of Object.keys(b.fields)) if (!(f in spec.fields)) return `body.fields: a ${b.rel} link has no field “${f}”`;
  }
  if (b.t === 'mergeCode' && b.from === b.into) return 'body: a code cannot be merged into itself';
  return null;
}

/** Checks an operation from elsewhere; throws with the problem (and the operation's id) when it is not well formed. */
export function parseOp(op: unknown): Op {
  const problem = opProblem(op);
  if (problem) {
    const id = typeof op === 'object' && op && 'id' in op ? String((op as { id: unknown }).id) : '?';
    throw new Error(`Operation ${id} is not one this version of Weft understands: ${problem}`);
  }
  return op as Op;
}

/** The GUID of a turn (turns have no GUID column): its document's GUID and its sequence number. */
export const turnGuid = (documentGuid: string, seq: number): string => `${documentGuid}#${seq}`;
