/**
 * Random API payloads built from the contract: each method's zod schema is turned into JSON Schema
 * (zod's own `toJSONSchema`), and that into a fast-check arbitrary — mostly well-shaped values
 * (ids of rows that exist, names that clash, seed files as base64) with junk mixed in (wrong
 * types, extra keys, control characters, huge numbers). Every file path is kept inside a sandbox
 * folder: a payload never reaches a file outside it.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { contract, type ApiMethod } from '../../shared/api/contract';
import type { Seed } from './mutator';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  pattern?: string;
  default?: unknown;
};

export interface PayloadContext {
  /** A folder the payload's paths point into. */
  sandbox: string;
  /** Files in the sandbox (seed files of every format) that paths may name. */
  sandboxFiles: string[];
  /** Seed files whose bytes go into base64 fields and text into CSV fields. */
  seeds: Seed[];
}

const NAMES = ['Feelings', 'Not knowing', 'Trust', 'Amira', 'Ben', 'Thrown in', 'Ward interviews', 'role', 'age', 'Ana', 'ana ', ' ', '\u202eevil', 'a\u0001b', '=1+2', '🙂', 'é\u0301', '../x', 'a/b'];

const junkString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(...NAMES),
  fc.constantFrom('', ' ', '\u0000', 'x'.repeat(5000), '\ud800', '#zzzzzz', '#ff0000', 'NaN', '1e309', '-0', 'null', '2024-02-30', 'true'),
);

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, NaN, Infinity, '', [], {}),
  junkString,
  fc.anything({ maxDepth: 2, maxKeys: 3 }),
);

/** Keeps a path inside the sandbox: one of its files, the folder itself, or a fresh name in it. */
function pathArb(ctx: PayloadContext): fc.Arbitrary<string> {
  const fresh = fc
    .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('', '.weft', '.qdpx', '.qdc', '.csv', '.xlsx', '.docx', '.md', '.txt', '.html'))
    .map(([s, ext]) => join(ctx.sandbox, `p-${s.replace(/[^A-Za-z0-9._-]/g, '_')}${ext}`));
  return fc.oneof(fc.constantFrom(...ctx.sandboxFiles, ctx.sandbox, join(ctx.sandbox, 'missing.weft')), fresh);
}

const PATH_KEYS = new Set(['path', 'paths', 'target', 'source', 'keyPath']);

function stringArb(s: Schema, key: string, ctx: PayloadContext): fc.Arbitrary<string> {
  if (PATH_KEYS.has(key)) return pathArb(ctx);
  if (s.format === 'uuid') return fc.oneof(fc.uuid(), fc.constant('00000000-0000-4000-8000-000000000000'));
  if (s.pattern) return fc.oneof({ weight: 4, arbitrary: fc.stringMatching(new RegExp(s.pattern)) }, { weight: 1, arbitrary: junkString });
  if (key === 'base64') return fc.constantFrom(...ctx.seeds).map((seed) => Buffer.from(seed.bytes).toString('base64'));
  if (key === 'csv' || key === 'text') return fc.constantFrom(...ctx.seeds).map((seed) => new TextDecoder().decode(seed.bytes));
  if (key === 'name' || key === 'fileName') return fc.oneof(fc.constantFrom(...ctx.seeds.map((seed) => seed.name)), junkString);
  const max = Math.min(s.maxLength ?? 50, 50);
  return fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: Math.min(s.minLength ?? 0, max), maxLength: max }) }, { weight: 2, arbitrary: junkString });
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : Number.EPSILON) : (s.minimum ?? -1000);
  const max = s.maximum ?? 1e6;
  // small values hit the rows that exist (ids 1…12); the rest the bounds
  const near = integer ? fc.integer({ min: Math.max(min, -3), max: Math.min(Math.max(min, -3) + 15, max) }) : fc.double({ min, max: Math.min(max, 100), noNaN: true });
  const wide = integer ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) }) : fc.double({ min, max, noNaN: true });
  return fc.oneof({ weight: 5, arbitrary: near }, { weight: 1, arbitrary: wide });
}

/** An arbitrary for values of a JSON Schema (as zod writes it), with junk mixed in at every level. */
export function schemaArb(s: Schema, ctx: PayloadContext, key = '', depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapedArb(s, ctx, key, depth);
  return depth === 0 ? shaped : fc.oneof({ weight: 40, arbitrary: shaped }, { weight: 1, arbitrary: junkValue });
}

function shapedArb(s: Schema, ctx: PayloadContext, key: string, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => schemaArb(a, ctx, key, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringArb(s, key, ctx);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = s.items ? schemaArb(s.items, ctx, key, depth + 1) : junkValue;
      return fc.array(item, { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = schemaArb(v, ctx, k, depth + 1);
      const fixed = fc.record(record, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const extra = fc.dictionary(fc.constantFrom(...NAMES, 'role', 'age', 'Feelings'), schemaArb(s.additionalProperties, ctx, key, depth + 1), { maxKeys: 3 });
        return fc.tuple(fixed, extra).map(([a, b]) => ({ ...b, ...a }));
      }
      // now and then an extra key the strict schema must refuse
      return fc.oneof(
        { weight: 15, arbitrary: fixed },
        { weight: 1, arbitrary: fc.tuple(fixed, junkValue).map(([obj, extra]) => ({ ...(obj as object), unexpected: extra })) },
      );
    }
    default:
      return junkValue;
  }
}

/** Payloads for one API method: shaped by its schema (mostly), or junk. */
export function payloadArb(method: ApiMethod, ctx: PayloadContext): fc.Arbitrary<unknown> {
  const schema = z.toJSONSchema(contract[method].input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Schema;
  return fc.oneof({ weight: 9, arbitrary: schemaArb(schema, ctx) }, { weight: 1, arbitrary: junkValue });
}
