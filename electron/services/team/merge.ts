/**
 * Merging another copy of a project (an IncomingProject) into the open one.
 *
 * Matching, in order, for each kind of thing:
 * - documents: by content hash (the same text is the same document), else added;
 * - codes: by a remembered match from an earlier merge, by GUID, then by name path (same name
 *   under the matched parent); near matches (same GUID but renamed/moved, or the same name
 *   elsewhere in the tree) are returned as reviews and follow the reviewer's decisions;
 * - coders: remembered match, GUID, then name; cases: GUID then name; attributes: GUID then
 *   scope + name; themes: GUID then name under the matched parent; sets: GUID then name;
 * - codings: by GUID, then by the same code, coder and passage in the same document;
 * - memos: by GUID, then by the same title and text on the same thing.
 *
 * Nothing here is overwritten: values that differ are reported as conflicts and this project's
 * value is kept. Whenever something from the other file is matched to something here with a
 * different GUID, the pair is remembered (merge_aliases), so merging the same file again adds
 * nothing and asks nothing. Everything happens in ONE transaction; a dry run performs the whole
 * merge and rolls it back, so a preview always equals what the merge will do.
 */
import type Database from 'better-sqlite3';
import type { DB } from '../../db/connection.js';
import { DomainError } from '../../../shared/api/errors.js';
import { fitRangeToGraphemes } from '../../../shared/domain/offsets.js';
import { countWords } from '../../../shared/domain/text.js';
import type { CodeMatchReview, MergeCodeDecision, MergeCounts, MergePreview, MergeSummary } from '../../../shared/types/team.js';
import { CODE_PALETTE } from '../codes.js';
import { contentHash } from '../documents.js';
import { newGuid, nowIso } from '../project-session.js';
import type { IncomingAttribute, IncomingCode, IncomingProject } from './incoming.js';

export interface MergeOptions {
  /** Decisions for reviewed code matches, keyed by the other file's code GUID. */
  decisions?: Readonly<Record<string, MergeCodeDecision>>;
  /** Run the merge and roll it back: nothing is written. */
  dryRun?: boolean;
  /** Who merged (for the merge history). */
  mergedBy?: string | null;
}

type AliasKind = 'coder' | 'code' | 'case' | 'attribute' | 'theme' | 'set' | 'coding' | 'memo' | 'document' | 'speaker';

const zero = (): MergeCounts => ({ documents: 0, codes: 0, coders: 0, codings: 0, cases: 0, attributes: 0, attributeValues: 0, themes: 0, sets: 0, memos: 0 });

const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

class RollBack extends Error {
  constructor(readonly result: MergePreview) {
    super('dry run');
  }
}

const NAME_CAP = 50;

class Merger {
  readonly added = zero();
  readonly matched = { documents: 0, codes: 0, coders: 0, cases: 0, attributes: 0, themes: 0, sets: 0 };
  readonly alreadyPresent = { codings: 0, memos: 0 };
  readonly addedNames = { documents: [] as string[], codes: [] as string[], coders: [] as string[] };
  readonly conflicts: string[] = [];
  readonly warnings: string[] = [];
  readonly reviews: CodeMatchReview[] = [];
  private readonly codingsByCoder = new Map<number, number>();

  private readonly coderMap = new Map<number, number>();
  private readonly docMap = new Map<number, { id: number; text: string; name: string }>();
  private readonly codeMap = new Map<number, number>();
  private readonly caseMap = new Map<number, number>();
  private readonly attrMap = new Map<number, number>();
  private readonly themeMap = new Map<number, number>();
  private readonly codingMap = new Map<number, number>();

  private readonly aliasGet;
  private readonly aliasPut;
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();
  private readonly incomingCodes: Map<number, IncomingCode>;

  constructor(
    private readonly db: DB,
    private readonly p: IncomingProject,
    private readonly decisions: Readonly<Record<string, MergeCodeDecision>>,
  ) {
    this.aliasGet = db.prepare('SELECT local_guid FROM merge_aliases WHERE kind = ? AND foreign_guid = ?').pluck();
    this.aliasPut = db.prepare(
      'INSERT INTO merge_aliases (kind, foreign_guid, local_guid) VALUES (?, ?, ?) ON CONFLICT (kind, foreign_guid) DO UPDATE SET local_guid = excluded.local_guid',
    );
    this.incomingCodes = new Map(p.codes.map((c) => [c.key, c]));
  }

  /** A prepared statement, compiled once per merge. */
  private sql(text: string) {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  run() {
    this.mergeCases();
    this.mergeAttributes();
    this.mergeDocuments();
    this.mergeCodes();
    this.mergeCodings();
    this.mergeValues();
    this.mergeThemes();
    this.mergeSets();
    this.mergeMemos();
  }

  summary(dryRun: boolean): MergeSummary {
    const names = this.db.prepare('SELECT name FROM coders WHERE id = ?').pluck();
    return {
      source: this.p.label,
      format: this.p.format,
      dryRun,
      added: { ...this.added },
      matched: { ...this.matched },
      alreadyPresent: { ...this.alreadyPresent },
      addedNames: {
        documents: this.addedNames.documents.slice(0, NAME_CAP),
        codes: this.addedNames.codes.slice(0, NAME_CAP),
        coders: this.addedNames.coders.slice(0, NAME_CAP),
      },
      codingsByCoder: [...this.codingsByCoder].map(([id, n]) => ({ coder: names.get(id) as string, codings: n })).sort((a, b) => a.coder.localeCompare(b.coder)),
      conflicts: this.conflicts,
      warnings: [...this.p.warnings, ...this.warnings],
    };
  }

  // helpers ------------------------------------------------------------------------------------

  /** The local id of something the other file calls `guid`: through a remembered alias, then by GUID. */
  private byGuid(kind: AliasKind, table: string, guid: string): number | undefined {
    const byGuid = this.sql(`SELECT id FROM ${table} WHERE guid = ?`).pluck();
    const alias = this.aliasGet.get(kind, guid) as string | undefined;
    if (alias !== undefined) {
      const id = byGuid.get(alias) as number | undefined;
      if (id !== undefined) return id;
    }
    return byGuid.get(guid) as number | undefined;
  }

  /** Remembers that `foreignGuid` is the local row `localId` of `table`. */
  private remember(kind: AliasKind, table: string, foreignGuid: string, localId: number) {
    const local = this.sql(`SELECT guid FROM ${table} WHERE id = ?`).pluck().get(localId) as string;
    if (local !== foreignGuid || this.aliasGet.get(kind, foreignGuid) !== undefined) this.aliasPut.run(kind, foreignGuid, local);
  }

  /** The incoming GUID when it is free here, else a new one (remembered as an alias afterwards). */
  private freeGuid(table: string, guid: string): string {
    if (!guid || this.sql(`SELECT 1 FROM ${table} WHERE guid = ?`).get(guid)) return newGuid();
    return guid;
  }

  private coder(key: number | null): number | null {
    if (key === null) return null;
    const cached = this.coderMap.get(key);
    if (cached !== undefined) return cached;
    const c = this.p.coders.find((x) => x.key === key);
    if (!c) return null;
    let id = this.byGuid('coder', 'coders', c.guid);
    if (id === undefined) id = this.db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(c.name) as number | undefined;
    if (id !== undefined) {
      this.matched.coders++;
    } else {
      id = Number(
        this.db
          .prepare('INSERT INTO coders (guid, name, initials, is_consensus, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(this.freeGuid('coders', c.guid), c.name, c.initials, c.isConsensus ? 1 : 0, nowIso()).lastInsertRowid,
      );
      this.added.coders++;
      this.addedNames.coders.push(c.name);
    }
    this.remember('coder', 'coders', c.guid, id);
    this.coderMap.set(key, id);
    return id;
  }

  // cases and attributes -----------------------------------------------------------------------

  private mergeCases() {
    const byName = this.db.prepare('SELECT id FROM cases WHERE name = ?').pluck();
    for (const c of this.p.cases) {
      let id = this.byGuid('case', 'cases', c.guid) ?? (byName.get(c.name) as number | undefined);
      if (id !== undefined) {
        this.matched.cases++;
      } else {
        const now = nowIso();
        id = Number(
          this.db
            .prepare('INSERT INTO cases (guid, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
            .run(this.freeGuid('cases', c.guid), c.name, c.description, now, now).lastInsertRowid,
        );
        this.added.cases++;
      }
      this.remember('case', 'cases', c.guid, id);
      this.caseMap.set(c.key, id);
    }
  }

  private mergeAttributes() {
    const byName = this.db.prepare('SELECT id FROM attributes WHERE scope = ? AND name = ?').pluck();
    for (const a of this.p.attributes) {
      let id = this.byGuid('attribute', 'attributes', a.guid);
      if (id !== undefined) {
        const local = this.db.prepare('SELECT scope FROM attributes WHERE id = ?').pluck().get(id);
        if (local !== a.scope) id = undefined; // same GUID on another scope: match by name instead
      }
      id ??= byName.get(a.scope, a.name) as number | undefined;
      if (id !== undefined) {
        this.matched.attributes++;
        const local = this.db.prepare('SELECT kind FROM attributes WHERE id = ?').pluck().get(id) as IncomingAttribute['kind'];
        if (local !== a.kind) {
          this.conflicts.push(`The ${a.scope} attribute “${a.name}” is ${a.kind === 'category' ? 'a category' : a.kind} in “${this.p.label}” but ${local === 'category' ? 'a category' : local} here; it stays ${local}.`);
        }
      } else {
        const position = this.db.prepare('SELECT count(*) FROM attributes').pluck().get() as number;
        id = Number(
          this.db
            .prepare('INSERT INTO attributes (guid, name, scope, kind, categories, position) VALUES (?, ?, ?, ?, ?, ?)')
            .run(this.freeGuid('attributes', a.guid), a.name, a.scope, a.kind, a.categories ? JSON.stringify(a.categories) : null, position + 1).lastInsertRowid,
        );
        this.added.attributes++;
      }
      this.remember('attribute', 'attributes', a.guid, id);
      this.attrMap.set(a.key, id);
    }
  }

  // documents ----------------------------------------------------------------------------------

  private mergeDocuments() {
    const byHash = this.db.prepare('SELECT id, guid, name FROM documents WHERE content_hash = ? ORDER BY id');
    for (const d of this.p.documents) {
      const hash = contentHash(d.text);
      const candidates = byHash.all(hash) as { id: number; guid: string; name: string }[];
      const match = candidates.find((c) => c.guid === d.guid) ?? candidates[0];
      if (match) {
        this.matched.documents++;
        this.docMap.set(d.key, { id: match.id, text: d.text, name: match.name });
        // Speakers here that are not yet linked to a participant take the other file's link.
        const link = this.db.prepare('UPDATE speakers SET case_id = ? WHERE document_id = ? AND label = ? AND case_id IS NULL');
        for (const s of d.speakers) {
          const caseId = s.caseKey === null ? undefined : this.caseMap.get(s.caseKey);
          if (caseId !== undefined) link.run(caseId, match.id, s.label);
        }
        continue;
      }
      const now = nowIso();
      const position = this.db.prepare('SELECT ifnull(max(position), 0) + 1 FROM documents').pluck().get() as number;
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO documents (guid, name, text, source_format, source_name, content_hash, length, word_count, description,
                                    position, created_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            this.freeGuid('documents', d.guid),
            d.name,
            d.text,
            d.sourceFormat,
            d.sourceName,
            hash,
            d.text.length,
            countWords(d.text),
            d.description,
            position,
            this.coder(d.createdByKey),
            d.createdAt || now,
            now,
          ).lastInsertRowid,
      );
      const speakerIds = new Map<number, number>();
      const insertSpeaker = this.db.prepare('INSERT INTO speakers (guid, document_id, label, case_id, is_interviewer) VALUES (?, ?, ?, ?, ?)');
      for (const s of d.speakers) {
        const caseId = s.caseKey === null ? null : (this.caseMap.get(s.caseKey) ?? null);
        speakerIds.set(s.key, Number(insertSpeaker.run(this.freeGuid('speakers', s.guid), id, s.label, caseId, s.isInterviewer ? 1 : 0).lastInsertRowid));
      }
      const insertTurn = this.db.prepare('INSERT INTO turns (document_id, speaker_id, seq, start, end, begin_ms, end_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
      let badTurns = 0;
      for (const t of d.turns) {
        if (!(t.start >= 0 && t.end >= t.start && t.end <= d.text.length)) {
          badTurns++;
          continue;
        }
        insertTurn.run(id, t.speakerKey === null ? null : (speakerIds.get(t.speakerKey) ?? null), t.seq, t.start, t.end, t.beginMs, t.endMs);
      }
      if (badTurns) this.warnings.push(`${plural(badTurns, 'speaker turn')} of “${d.name}” lay outside its text and ${badTurns === 1 ? 'was' : 'were'} dropped.`);
      this.added.documents++;
      this.addedNames.documents.push(d.name);
      this.docMap.set(d.key, { id, text: d.text, name: d.name });
    }
  }

  // codes --------------------------------------------------------------------------------------

  private localPath(id: number): string {
    const parts: string[] = [];
    let cur: number | null = id;
    const get = this.sql('SELECT parent_id, name FROM codes WHERE id = ?');
    while (cur !== null && parts.length < 100) {
      const row = get.get(cur) as { parent_id: number | null; name: string } | undefined;
      if (!row) break;
      parts.unshift(row.name);
      cur = row.parent_id;
    }
    return parts.join('/');
  }

  private incomingPath(code: IncomingCode): string {
    const parts: string[] = [];
    let cur: IncomingCode | undefined = code;
    while (cur && parts.length < 100) {
      parts.unshift(cur.name);
      cur = cur.parentKey === null ? undefined : this.incomingCodes.get(cur.parentKey);
    }
    return parts.join('/');
  }

  private childByName(parentId: number | null, name: string): number | undefined {
    return this.sql('SELECT id FROM codes WHERE ifnull(parent_id, 0) = ? AND name = ?').pluck().get(parentId ?? 0, name) as number | undefined;
  }

  private createCode(c: IncomingCode, parentId: number | null): number {
    let name = c.name.trim() || 'Unnamed code';
    if (this.childByName(parentId, name) !== undefined) {
      const base = `${name} (from ${this.p.label})`;
      name = base;
      for (let i = 2; this.childByName(parentId, name) !== undefined; i++) name = `${base} ${i}`;
    }
    const count = this.db.prepare('SELECT count(*) FROM codes').pluck().get() as number;
    const now = nowIso();
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO codes (guid, parent_id, name, color, definition, inclusion, exclusion, example, is_codable, position, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          this.freeGuid('codes', c.guid),
          parentId,
          name,
          /^#[0-9a-fA-F]{6}$/.test(c.color) ? c.color : CODE_PALETTE[count % CODE_PALETTE.length]!,
          c.definition,
          c.inclusion,
          c.exclusion,
          c.example,
          c.isCodable ? 1 : 0,
          count + 1,
          now,
          now,
        ).lastInsertRowid,
    );
    this.added.codes++;
    this.addedNames.codes.push(this.localPath(id));
    return id;
  }

  private codingsUsing(key: number): number {
    return this.p.codings.filter((k) => k.codeKey === key).length;
  }

  /** Applies a decision (or the suggestion) for a reviewed code; returns the local id. */
  private decide(c: IncomingCode, review: CodeMatchReview, parentId: number | null): number {
    this.reviews.push(review);
    const decision = this.decisions[c.guid] ?? review.suggested;
    let id: number;
    if (decision.action === 'merge') {
      const exists = this.db.prepare('SELECT 1 FROM codes WHERE id = ?').get(decision.targetId);
      if (!exists) throw new DomainError('NOT_FOUND', `The code chosen for “${review.incomingPath}” (id ${decision.targetId}) is not in this project.`);
      id = decision.targetId;
      this.matched.codes++;
    } else {
      id = this.createCode(c, parentId);
    }
    // Remember the decision, so merging this file again does not ask again.
    const local = this.db.prepare('SELECT guid FROM codes WHERE id = ?').pluck().get(id) as string;
    this.aliasPut.run('code', c.guid, local);
    return id;
  }

  private mergeCodes() {
    const all = () => this.db.prepare('SELECT id, parent_id, name FROM codes').all() as { id: number; parent_id: number | null; name: string }[];
    for (const c of this.p.codes) {
      const parentId = c.parentKey === null ? null : (this.codeMap.get(c.parentKey) ?? null);
      const path = this.incomingPath(c);
      let id: number;
      const alias = this.aliasGet.get('code', c.guid) as string | undefined;
      const codeByGuid = this.sql('SELECT id FROM codes WHERE guid = ?').pluck();
      const aliased = alias === undefined ? undefined : (codeByGuid.get(alias) as number | undefined);
      const sameGuid = aliased === undefined ? (codeByGuid.get(c.guid) as number | undefined) : undefined;
      if (aliased !== undefined) {
        id = aliased;
        this.matched.codes++;
      } else if (sameGuid !== undefined) {
        const here = this.localPath(sameGuid);
        if (norm(here) === norm(path)) {
          id = sameGuid;
          this.matched.codes++;
        } else {
          id = this.decide(
            c,
            { incomingGuid: c.guid, incomingPath: path, reason: 'guid-moved', candidates: [{ id: sameGuid, path: here }], suggested: { action: 'merge', targetId: sameGuid }, codings: this.codingsUsing(c.key) },
            parentId,
          );
        }
      } else {
        const sameName = this.childByName(parentId, c.name);
        if (sameName !== undefined) {
          id = sameName;
          this.matched.codes++;
          this.remember('code', 'codes', c.guid, id);
        } else {
          const similar = all().filter((x) => norm(x.name) === norm(c.name));
          if (similar.length > 0) {
            const sameLevel = similar.find((x) => (x.parent_id ?? null) === parentId);
            id = this.decide(
              c,
              {
                incomingGuid: c.guid,
                incomingPath: path,
                reason: 'similar-name',
                candidates: similar.map((x) => ({ id: x.id, path: this.localPath(x.id) })),
                suggested: sameLevel ? { action: 'merge', targetId: sameLevel.id } : { action: 'new' },
                codings: this.codingsUsing(c.key),
              },
              parentId,
            );
          } else {
            id = this.createCode(c, parentId);
            this.remember('code', 'codes', c.guid, id);
          }
        }
      }
      this.codeMap.set(c.key, id);
    }
  }

  // codings ------------------------------------------------------------------------------------

  private mergeCodings() {
    const span = this.db.prepare('SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ?').pluck();
    const insert = this.db.prepare(
      'INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    let orphaned = 0;
    let widened = 0;
    const invalid: string[] = [];
    for (const k of this.p.codings) {
      const doc = this.docMap.get(k.documentKey);
      const codeId = this.codeMap.get(k.codeKey);
      if (!doc || codeId === undefined) {
        orphaned++;
        continue;
      }
      const coderId = this.coder(k.coderKey);
      const present = this.byGuid('coding', 'codings', k.guid);
      if (present !== undefined) {
        this.alreadyPresent.codings++;
        this.codingMap.set(k.key, present);
        continue;
      }
      if (coderId === null) {
        orphaned++;
        continue;
      }
      const fit = fitRangeToGraphemes(doc.text, k.start, k.end);
      if (fit.problem) {
        invalid.push(`a coding in “${doc.name}” (${fit.problem})`);
        continue;
      }
      if (fit.widened) widened++;
      const same = span.get(doc.id, codeId, coderId, fit.start, fit.end) as number | undefined;
      if (same !== undefined) {
        this.alreadyPresent.codings++;
        this.codingMap.set(k.key, same);
        this.remember('coding', 'codings', k.guid, same);
        continue;
      }
      const now = nowIso();
      const guid = this.freeGuid('codings', k.guid);
      const id = Number(insert.run(guid, doc.id, codeId, coderId, fit.start, fit.end, k.createdAt || now, k.updatedAt || now).lastInsertRowid);
      if (guid !== k.guid) this.aliasPut.run('coding', k.guid, guid);
      this.codingMap.set(k.key, id);
      this.added.codings++;
      this.codingsByCoder.set(coderId, (this.codingsByCoder.get(coderId) ?? 0) + 1);
    }
    if (widened) this.warnings.push(`${plural(widened, 'coding')} in “${this.p.label}” began or ended inside a character (a letter and its accent, an emoji or a flag) and ${widened === 1 ? 'was' : 'were'} widened to whole characters.`);
    if (orphaned) this.warnings.push(`${plural(orphaned, 'coding')} in “${this.p.label}” referred to a document, code or coder missing from that file and ${orphaned === 1 ? 'was' : 'were'} skipped.`);
    if (invalid.length) this.warnings.push(`${plural(invalid.length, 'coding')} did not fit the text and ${invalid.length === 1 ? 'was' : 'were'} skipped: ${invalid.slice(0, 5).join('; ')}${invalid.length > 5 ? '; …' : ''}.`);
  }

  // attribute values and document–case links ---------------------------------------------------

  private addCategory(attributeId: number, value: string) {
    const row = this.db.prepare('SELECT kind, categories FROM attributes WHERE id = ?').get(attributeId) as { kind: string; categories: string | null };
    if (row.kind !== 'category') return;
    let list: string[] = [];
    try {
      const parsed = row.categories ? (JSON.parse(row.categories) as unknown) : [];
      if (Array.isArray(parsed)) list = parsed.map(String);
    } catch {
      list = [];
    }
    if (!list.includes(value)) this.db.prepare('UPDATE attributes SET categories = ? WHERE id = ?').run(JSON.stringify([...list, value]), attributeId);
  }

  private mergeValues() {
    const attrName = this.db.prepare('SELECT name FROM attributes WHERE id = ?').pluck();
    const put = (
      table: 'case_attribute_values' | 'document_attribute_values',
      column: 'case_id' | 'document_id',
      ownerId: number,
      ownerLabel: string,
      attributeId: number,
      value: string,
    ) => {
      const existing = this.db.prepare(`SELECT value FROM ${table} WHERE ${column} = ? AND attribute_id = ?`).pluck().get(ownerId, attributeId) as string | undefined;
      if (existing === undefined) {
        this.db.prepare(`INSERT INTO ${table} (${column}, attribute_id, value) VALUES (?, ?, ?)`).run(ownerId, attributeId, value);
        this.addCategory(attributeId, value);
        this.added.attributeValues++;
      } else if (existing !== value) {
        this.conflicts.push(`${ownerLabel}, attribute “${attrName.get(attributeId)}”: this project has “${existing}”, “${this.p.label}” has “${value}”; kept “${existing}”.`);
      }
    };
    const caseName = this.db.prepare('SELECT name FROM cases WHERE id = ?').pluck();
    for (const v of this.p.caseValues) {
      const caseId = this.caseMap.get(v.caseKey);
      const attr = this.attrMap.get(v.attributeKey);
      if (caseId === undefined || attr === undefined) continue;
      put('case_attribute_values', 'case_id', caseId, `Case “${caseName.get(caseId)}”`, attr, v.value);
    }
    for (const v of this.p.documentValues) {
      const doc = this.docMap.get(v.documentKey);
      const attr = this.attrMap.get(v.attributeKey);
      if (!doc || attr === undefined) continue;
      put('document_attribute_values', 'document_id', doc.id, `Document “${doc.name}”`, attr, v.value);
    }
    const link = this.db.prepare('INSERT OR IGNORE INTO document_cases (document_id, case_id) VALUES (?, ?)');
    for (const l of this.p.documentCases) {
      const doc = this.docMap.get(l.documentKey);
      const caseId = this.caseMap.get(l.caseKey);
      if (doc && caseId !== undefined) link.run(doc.id, caseId);
    }
  }

  // themes and sets ----------------------------------------------------------------------------

  private mergeThemes() {
    const byName = this.db.prepare('SELECT id FROM themes WHERE ifnull(parent_id, 0) = ? AND name = ?').pluck();
    const statuses = new Set(['candidate', 'reviewed', 'final', 'discarded']);
    for (const t of this.p.themes) {
      const parentId = t.parentKey === null ? null : (this.themeMap.get(t.parentKey) ?? null);
      let id = this.byGuid('theme', 'themes', t.guid) ?? (byName.get(parentId ?? 0, t.name) as number | undefined);
      if (id !== undefined) {
        this.matched.themes++;
      } else {
        const position = this.db.prepare('SELECT count(*) FROM themes').pluck().get() as number;
        const now = nowIso();
        id = Number(
          this.db
            .prepare('INSERT INTO themes (guid, parent_id, name, definition, status, color, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
            .run(this.freeGuid('themes', t.guid), parentId, t.name, t.definition, statuses.has(t.status) ? t.status : 'candidate', /^#[0-9a-fA-F]{6}$/.test(t.color) ? t.color : '#9b8fd6', position + 1, now, now)
            .lastInsertRowid,
        );
        this.added.themes++;
      }
      this.remember('theme', 'themes', t.guid, id);
      this.themeMap.set(t.key, id);
    }
    const link = this.db.prepare('INSERT OR IGNORE INTO theme_codes (theme_id, code_id, position) VALUES (?, ?, ?)');
    for (const tc of this.p.themeCodes) {
      const themeId = this.themeMap.get(tc.themeKey);
      const codeId = this.codeMap.get(tc.codeKey);
      if (themeId !== undefined && codeId !== undefined) link.run(themeId, codeId, tc.position);
    }
  }

  private mergeSets() {
    const byName = this.db.prepare('SELECT id FROM sets WHERE name = ? ORDER BY id').pluck();
    const member = this.db.prepare('INSERT OR IGNORE INTO set_members (set_id, document_id, code_id) VALUES (?, ?, ?)');
    for (const s of this.p.sets) {
      let id = this.byGuid('set', 'sets', s.guid) ?? (byName.get(s.name) as number | undefined);
      if (id !== undefined) {
        this.matched.sets++;
      } else {
        id = Number(this.db.prepare('INSERT INTO sets (guid, name, description) VALUES (?, ?, ?)').run(this.freeGuid('sets', s.guid), s.name, s.description).lastInsertRowid);
        this.added.sets++;
      }
      this.remember('set', 'sets', s.guid, id);
      for (const d of s.documentKeys) {
        const doc = this.docMap.get(d);
        if (doc) member.run(id, doc.id, null);
      }
      for (const c of s.codeKeys) {
        const code = this.codeMap.get(c);
        if (code !== undefined) member.run(id, null, code);
      }
    }
  }

  // memos --------------------------------------------------------------------------------------

  private mergeMemos() {
    let lost = 0;
    for (const m of this.p.memos) {
      if (this.byGuid('memo', 'memos', m.guid) !== undefined) {
        this.alreadyPresent.memos++;
        continue;
      }
      const cols = { document_id: null as number | null, code_id: null as number | null, theme_id: null as number | null, coding_id: null as number | null, case_id: null as number | null };
      const k = m.target.key;
      let ok = true;
      switch (m.target.kind) {
        case 'project':
          break;
        case 'document':
          cols.document_id = this.docMap.get(k)?.id ?? null;
          ok = cols.document_id !== null;
          break;
        case 'code':
          cols.code_id = this.codeMap.get(k) ?? null;
          ok = cols.code_id !== null;
          break;
        case 'theme':
          cols.theme_id = this.themeMap.get(k) ?? null;
          ok = cols.theme_id !== null;
          break;
        case 'coding':
          cols.coding_id = this.codingMap.get(k) ?? null;
          ok = cols.coding_id !== null;
          break;
        case 'case':
          cols.case_id = this.caseMap.get(k) ?? null;
          ok = cols.case_id !== null;
          break;
      }
      if (!ok) {
        lost++;
        continue;
      }
      const same = this.sql(`SELECT id FROM memos WHERE title = ? AND body = ? AND document_id IS ? AND code_id IS ? AND theme_id IS ? AND coding_id IS ? AND case_id IS ?`)
        .pluck()
        .get(m.title, m.body, cols.document_id, cols.code_id, cols.theme_id, cols.coding_id, cols.case_id) as number | undefined;
      if (same !== undefined) {
        this.alreadyPresent.memos++;
        this.remember('memo', 'memos', m.guid, same);
        continue;
      }
      const now = nowIso();
      const guid = this.freeGuid('memos', m.guid);
      this.sql(
        `INSERT INTO memos (guid, title, body, document_id, code_id, theme_id, coding_id, case_id, coder_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(guid, m.title, m.body, cols.document_id, cols.code_id, cols.theme_id, cols.coding_id, cols.case_id, this.coder(m.coderKey), m.createdAt || now, m.updatedAt || now);
      if (guid !== m.guid) this.aliasPut.run('memo', m.guid, guid);
      this.added.memos++;
    }
    if (lost) this.warnings.push(`${plural(lost, 'memo')} belonged to something that could not be merged and ${lost === 1 ? 'was' : 'were'} skipped.`);
  }
}

/**
 * Merges `incoming` into the project open on `db`, in one transaction. With `dryRun` the merge
 * is performed and rolled back, and the result says what would happen, including the code
 * matches to review. A failure writes nothing.
 */
export function mergeIncoming(db: DB, incoming: IncomingProject, options: MergeOptions = {}): MergePreview {
  const dryRun = options.dryRun ?? false;
  try {
    return db.transaction(() => {
      const m = new Merger(db, incoming, options.decisions ?? {});
      m.run();
      const result: MergePreview = { summary: m.summary(dryRun), reviews: m.reviews };
      if (dryRun) throw new RollBack(result);
      db.prepare('INSERT INTO merges (source_name, source_guid, source_format, merged_by, summary, merged_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        incoming.label,
        incoming.projectGuid,
        incoming.format,
        options.mergedBy ?? null,
        JSON.stringify(result.summary),
        nowIso(),
      );
      return result;
    })();
  } catch (err) {
    if (err instanceof RollBack) return err.result;
    throw err;
  }
}

export function listMerges(db: DB) {
  return (db.prepare('SELECT id, source_name, source_format, merged_by, summary, merged_at FROM merges ORDER BY id').all() as {
    id: number;
    source_name: string;
    source_format: 'weft' | 'qdpx';
    merged_by: string | null;
    summary: string;
    merged_at: string;
  }[]).map((r) => {
    let added = zero();
    try {
      added = { ...added, ...(JSON.parse(r.summary) as MergeSummary).added };
    } catch {
      // a damaged summary only loses the counts
    }
    return { id: r.id, source: r.source_name, format: r.source_format, mergedBy: r.merged_by, mergedAt: r.merged_at, added };
  });
}
