/**
 * One mapper from another file's things to this project's rows, used by both engines that bring
 * foreign rows in: the REFI-QDA import (electron/services/exchange/import.ts, keys are the file's
 * GUIDs) and the team merge (electron/services/team/merge.ts, keys are the other .weft's row ids).
 *
 * The rules, the same for both:
 * - GUIDs: only a valid GUID (shared/refi/guid.ts) is looked up or reused. A foreign GUID finds
 *   the row a merge remembered for it (merge_aliases) first, then the row with that GUID.
 * - Matching, after the GUID: coders by name; codes and themes by name under the (matched)
 *   parent; cases by name; attributes by scope and name (a GUID match on the other scope does
 *   not count); sets by name.
 * - A new row takes the foreign GUID when it is valid and free here, else a new one (counted in
 *   `guidCollisions` when this project had it; not counted when an earlier element of the same
 *   file brought it in, see below).
 * - A file that repeats a key (a foreign file giving one GUID to two codes, users or sources):
 *   `repeated` tells the caller, which decides whether the file says the two are the same thing
 *   (then they are mapped to one row) or different things (then the second gets a row of its own
 *   and a new GUID, and references to the GUID keep going to the first). Nothing the file says is
 *   different is merged; each case is reported by the caller in its own words.
 * - With `rememberAliases` (the merge), a match whose local GUID differs from the foreign one is
 *   remembered in merge_aliases, so merging the same file again finds the same rows.
 *
 * Near matches that need a person's decision (a code with the same GUID elsewhere in the tree, a
 * similar name) are the merge's own business (its reviews); the mapper answers exact questions.
 */
import type { AttributeScope } from '../../../shared/analysis/types.js';
import { isGuid } from '../../../shared/refi/guid.js';
import type { DB } from '../connection.js';
import { newGuid } from '../identifiers.js';
import * as attributes from './attributes.js';
import * as cases from './cases.js';
import * as codes from './codes.js';
import * as coders from './coders.js';
import { guidOf, idByGuid, type GuidTable } from './guids.js';
import type { MemoTargetRef } from './memos.js';
import { rememberAlias } from './merges.js';
import { one } from './prepared.js';
import * as sets from './sets.js';
import * as themes from './themes.js';

/** The kinds of things mapped; also the `kind` of merge_aliases. */
export type EntityKind = 'coder' | 'code' | 'case' | 'attribute' | 'theme' | 'set' | 'coding' | 'memo' | 'document' | 'speaker';

export const TABLE_OF: Record<EntityKind, GuidTable> = {
  coder: 'coders',
  code: 'codes',
  case: 'cases',
  attribute: 'attributes',
  theme: 'themes',
  set: 'sets',
  coding: 'codings',
  memo: 'memos',
  document: 'documents',
  speaker: 'speakers',
};

export interface IdMapperOptions {
  /** Remember matches with another GUID in merge_aliases (the team merge). */
  rememberAliases?: boolean;
}

export class IdMapper<Key extends string | number = string> {
  /** How many valid foreign GUIDs were taken here already, so new rows got new GUIDs. */
  guidCollisions = 0;
  /** Valid foreign GUIDs given to new rows by this mapper, per kind (to tell a repeat in the file from a GUID the project had). */
  private readonly given = new Map<EntityKind, Set<string>>();
  private readonly maps = new Map<EntityKind, Map<Key, number>>();

  constructor(
    readonly db: DB,
    private readonly options: IdMapperOptions = {},
  ) {}

  // Foreign key → local id ----------------------------------------------------------------------

  /** The local id the foreign `key` was mapped to. */
  get(kind: EntityKind, key: Key): number | undefined {
    return this.maps.get(kind)?.get(key);
  }

  has(kind: EntityKind, key: Key): boolean {
    return this.get(kind, key) !== undefined;
  }

  /**
   * The local row an EARLIER element of the same file was mapped to under `key`, when the file
   * repeats the key (one GUID for two things), else undefined. The caller compares the two: the
   * same thing listed twice is mapped to that row; a different thing is kept apart (matched
   * without its GUID, and `freeGuid` gives it a new one).
   */
  repeated(kind: EntityKind, key: Key): number | undefined {
    return this.get(kind, key);
  }

  /** Maps the foreign `key` to the local row `id`. */
  set(kind: EntityKind, key: Key, id: number): void {
    let map = this.maps.get(kind);
    if (!map) {
      map = new Map();
      this.maps.set(kind, map);
    }
    map.set(key, id);
  }

  /** Maps `key` to `id` and, for a merge, remembers the foreign GUID (see `remember`). */
  link(kind: EntityKind, key: Key, foreignGuid: string, id: number): void {
    this.set(kind, key, id);
    this.remember(kind, foreignGuid, id);
  }

  /** The local target of a memo on the foreign thing `key` of `kind`; undefined when that thing was not mapped. */
  memoTarget(kind: MemoTargetRef['kind'], key: Key): MemoTargetRef | undefined {
    if (kind === 'project') return { kind: 'project' };
    const id = this.get(kind, key);
    return id === undefined ? undefined : { kind, id };
  }

  // GUIDs ---------------------------------------------------------------------------------------

  /** The local row the foreign GUID stands for: a remembered alias first, then the same GUID. */
  byGuid(kind: EntityKind, guid: string): number | undefined {
    if (!isGuid(guid)) return undefined;
    return this.byAlias(kind, guid) ?? idByGuid(this.db, TABLE_OF[kind], guid);
  }

  /** The local row a merge remembered for the foreign GUID (merge_aliases), if it still exists. */
  byAlias(kind: EntityKind, guid: string): number | undefined {
    const alias = one(this.db, 'SELECT local_guid FROM merge_aliases WHERE kind = ? AND foreign_guid = ?').get(kind, guid) as string | undefined;
    return alias === undefined ? undefined : idByGuid(this.db, TABLE_OF[kind], alias);
  }

  /** The local row with the same GUID (no alias). */
  bySameGuid(kind: EntityKind, guid: string): number | undefined {
    return isGuid(guid) ? idByGuid(this.db, TABLE_OF[kind], guid) : undefined;
  }

  /**
   * The GUID for a new row: the foreign one when it is valid and free here, else a new one. A GUID
   * this mapper already gave to a row (the file repeats it, see `repeated`) gets a new one
   * without counting a collision: the caller reports that case.
   */
  freeGuid(kind: EntityKind, guid: string | undefined): string {
    if (!isGuid(guid)) return newGuid();
    let given = this.given.get(kind);
    if (!given) {
      given = new Set();
      this.given.set(kind, given);
    }
    if (given.has(guid)) return newGuid();
    if (idByGuid(this.db, TABLE_OF[kind], guid) !== undefined) {
      this.guidCollisions++;
      return newGuid();
    }
    given.add(guid);
    return guid;
  }

  /** Every foreign GUID this mapper gave to a new row (so the row is the file's thing under the file's GUID). */
  *givenGuids(): Generator<string> {
    for (const set of this.given.values()) yield* set;
  }

  /**
   * With `rememberAliases`: remembers that `foreignGuid` is the local row `localId` when their
   * GUIDs differ (or an alias for it exists already, which is then updated). `always`: remember
   * even the same GUID (a reviewer's decision, so it is not asked again).
   */
  remember(kind: EntityKind, foreignGuid: string, localId: number, always = false): void {
    if (!this.options.rememberAliases || !foreignGuid) return;
    const local = guidOf(this.db, TABLE_OF[kind], localId);
    if (local === undefined) return;
    const known = one(this.db, 'SELECT local_guid FROM merge_aliases WHERE kind = ? AND foreign_guid = ?').get(kind, foreignGuid) !== undefined;
    if (always || local !== foreignGuid || known) {
      rememberAlias(this.db, kind, foreignGuid, local);
    }
  }

  // Matching rules --------------------------------------------------------------------------------

  /** A coder: by GUID, then by name. */
  matchCoder(guid: string, name: string): number | undefined {
    return this.byGuid('coder', guid) ?? coders.idByName(this.db, name);
  }

  /** A code: by GUID, then by name under `parentId` (the local parent). */
  matchCode(guid: string, parentId: number | null, name: string): number | undefined {
    return this.byGuid('code', guid) ?? codes.idByPath(this.db, parentId, name);
  }

  /** A theme: by GUID, then by name under `parentId` (the local parent). */
  matchTheme(guid: string, parentId: number | null, name: string): number | undefined {
    return this.byGuid('theme', guid) ?? themes.idByPath(this.db, parentId, name);
  }

  /** A case: by GUID, then by name. */
  matchCase(guid: string, name: string): number | undefined {
    return this.byGuid('case', guid) ?? cases.idByName(this.db, name);
  }

  /** An attribute of `scope`: by GUID (on the same scope only), then by scope and name. */
  matchAttribute(guid: string, scope: AttributeScope, name: string): number | undefined {
    const id = this.byGuid('attribute', guid);
    if (id !== undefined && attributes.byId(this.db, id)?.scope === scope) return id;
    return attributes.idByName(this.db, scope, name);
  }

  /** A set: by GUID, then by name (the first of that name). */
  matchSet(guid: string, name: string): number | undefined {
    return this.byGuid('set', guid) ?? sets.idByName(this.db, name);
  }
}
