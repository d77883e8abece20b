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
 * The GUID and name rules are the IdMapper's (electron/db/tables/id-mapper.ts), shared with the
 * REFI-QDA import; the code reviews below are the merge's own.
 *
 * Nothing here is overwritten: values that differ are reported as conflicts and this project's
 * value is kept. Whenever something from the other file is matched to something here with a
 * different GUID, the pair is remembered (merge_aliases), so merging the same file again adds
 * nothing and asks nothing. Everything happens in ONE transaction; a dry run performs the whole
 * merge and rolls it back, so a preview always equals what the merge will do.
 */
import type { DB } from '../../db/connection.js';
import * as attributes from '../../db/tables/attributes.js';
import * as cases from '../../db/tables/cases.js';
import * as codes from '../../db/tables/codes.js';
import { rememberSpelling } from '../../db/tables/guids.js';
import * as coders from '../../db/tables/coders.js';
import * as codings from '../../db/tables/codings.js';
import * as documents from '../../db/tables/documents.js';
import { IdMapper } from '../../db/tables/id-mapper.js';
import * as memos from '../../db/tables/memos.js';
import * as merges from '../../db/tables/merges.js';
import * as sets from '../../db/tables/sets.js';
import * as speakers from '../../db/tables/speakers.js';
import * as themes from '../../db/tables/themes.js';
import { DomainError } from '../../../shared/api/errors.js';
import { fitRangeToGraphemes } from '../../../shared/domain/offsets.js';
import { countWords } from '../../../shared/domain/text.js';
import type { CodeMatchReview, MergeCodeDecision, MergeCounts, MergePreview, MergeSummary } from '../../../shared/types/team.js';
import { THEME_STATUSES } from '../../../shared/types/themes.js';
import { CODE_PALETTE } from '../codes.js';
import { contentHash } from '../documents.js';
import { nowIso } from '../project-session.js';
import type { IncomingAttribute, IncomingCode, IncomingProject } from './incoming.js';

export interface MergeOptions {
  /** Decisions for reviewed code matches, keyed by the other file's code GUID. */
  decisions?: Readonly<Record<string, MergeCodeDecision>>;
  /** Run the merge and roll it back: nothing is written. */
  dryRun?: boolean;
  /** Who merged (for the merge history). */
  mergedBy?: string | null;
}

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

  /** The other file's row ids → this project's ids; remembers matches in merge_aliases. */
  private readonly ids: IdMapper<number>;
  private readonly docMap = new Map<number, { id: number; text: string; name: string }>();
  private readonly incomingCodes: Map<number, IncomingCode>;

  constructor(
    private readonly db: DB,
    private readonly p: IncomingProject,
    private readonly decisions: Readonly<Record<string, MergeCodeDecision>>,
  ) {
    this.ids = new IdMapper<number>(db, { rememberAliases: true });
    this.incomingCodes = new Map(p.codes.map((c) => [c.key, c]));
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
    // Rows that came in under the other file's GUID keep the spelling its REFI-QDA source used.
    const spelled = this.p.guidSpellings ?? {};
    for (const guid of this.ids.givenGuids()) {
      const spelling = spelled[guid];
      if (spelling !== undefined) rememberSpelling(this.db, guid, spelling);
    }
  }

  summary(dryRun: boolean): MergeSummary {
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
      codingsByCoder: [...this.codingsByCoder].map(([id, n]) => ({ coder: coders.nameOf(this.db, id)!, codings: n })).sort((a, b) => a.coder.localeCompare(b.coder)),
      conflicts: this.conflicts,
      warnings: [...this.p.warnings, ...this.warnings],
    };
  }

  // coders -------------------------------------------------------------------------------------

  private coder(key: number | null): number | null {
    if (key === null) return null;
    const cached = this.ids.get('coder', key);
    if (cached !== undefined) return cached;
    const c = this.p.coders.find((x) => x.key === key);
    if (!c) return null;
    let id = this.ids.matchCoder(c.guid, c.name);
    if (id !== undefined) {
      this.matched.coders++;
    } else {
      id = coders.insert(this.db, { guid: this.ids.freeGuid('coder', c.guid), name: c.name, initials: c.initials, is_consensus: c.isConsensus ? 1 : 0, created_at: nowIso() });
      this.added.coders++;
      this.addedNames.coders.push(c.name);
    }
    this.ids.link('coder', key, c.guid, id);
    return id;
  }

  // cases and attributes -----------------------------------------------------------------------

  private mergeCases() {
    for (const c of this.p.cases) {
      let id = this.ids.matchCase(c.guid, c.name);
      if (id !== undefined) {
        this.matched.cases++;
      } else {
        const now = nowIso();
        id = cases.insert(this.db, { guid: this.ids.freeGuid('case', c.guid), name: c.name, description: c.description, created_at: now, updated_at: now });
        this.added.cases++;
      }
      this.ids.link('case', c.key, c.guid, id);
    }
  }

  private mergeAttributes() {
    for (const a of this.p.attributes) {
      let id = this.ids.matchAttribute(a.guid, a.scope, a.name);
      if (id !== undefined) {
        this.matched.attributes++;
        const local = attributes.byId(this.db, id)!.kind as IncomingAttribute['kind'];
        if (local !== a.kind) {
          this.conflicts.push(`The ${a.scope} attribute “${a.name}” is ${a.kind === 'category' ? 'a category' : a.kind} in “${this.p.label}” but ${local === 'category' ? 'a category' : local} here; it stays ${local}.`);
        }
      } else {
        const guid = this.ids.freeGuid('attribute', a.guid);
        id = attributes.insert(this.db, { guid, name: a.name, scope: a.scope, kind: a.kind, categories: a.categories ? JSON.stringify(a.categories) : null });
        this.added.attributes++;
      }
      this.ids.link('attribute', a.key, a.guid, id);
    }
  }

  // documents ----------------------------------------------------------------------------------

  private mergeDocuments() {
    for (const d of this.p.documents) {
      const hash = contentHash(d.text);
      const candidates = documents.withContentHash(this.db, hash);
      const match = candidates.find((c) => c.guid === d.guid) ?? candidates[0];
      if (match) {
        this.matched.documents++;
        this.docMap.set(d.key, { id: match.id, text: d.text, name: match.name });
        this.ids.set('document', d.key, match.id);
        // Speakers here that are not yet linked to a participant take the other file's link.
        for (const s of d.speakers) {
          const caseId = s.caseKey === null ? undefined : this.ids.get('case', s.caseKey);
          if (caseId !== undefined) speakers.linkIfUnlinked(this.db, match.id, s.label, caseId);
        }
        continue;
      }
      const now = nowIso();
      const id = documents.insert(this.db, {
        guid: this.ids.freeGuid('document', d.guid),
        name: d.name,
        text: d.text,
        source_format: d.sourceFormat,
        source_name: d.sourceName,
        content_hash: hash,
        length: d.text.length,
        word_count: countWords(d.text),
        description: d.description,
        created_by: this.coder(d.createdByKey),
        created_at: d.createdAt || now,
        updated_at: now,
      });
      const speakerIds = new Map<number, number>();
      for (const s of d.speakers) {
        const caseId = s.caseKey === null ? null : (this.ids.get('case', s.caseKey) ?? null);
        speakerIds.set(s.key, speakers.insert(this.db, { guid: this.ids.freeGuid('speaker', s.guid), document_id: id, label: s.label, case_id: caseId, is_interviewer: s.isInterviewer ? 1 : 0 }));
      }
      let badTurns = 0;
      for (const t of d.turns) {
        if (!(t.start >= 0 && t.end >= t.start && t.end <= d.text.length)) {
          badTurns++;
          continue;
        }
        const speakerId = t.speakerKey === null ? null : (speakerIds.get(t.speakerKey) ?? null);
        speakers.insertTurn(this.db, { document_id: id, speaker_id: speakerId, seq: t.seq, start: t.start, end: t.end, begin_ms: t.beginMs, end_ms: t.endMs });
      }
      if (badTurns) this.warnings.push(`${plural(badTurns, 'speaker turn')} of “${d.name}” lay outside its text and ${badTurns === 1 ? 'was' : 'were'} dropped.`);
      this.added.documents++;
      this.addedNames.documents.push(d.name);
      this.docMap.set(d.key, { id, text: d.text, name: d.name });
      this.ids.set('document', d.key, id);
    }
  }

  // codes --------------------------------------------------------------------------------------

  private incomingPath(code: IncomingCode): string {
    const parts: string[] = [];
    let cur: IncomingCode | undefined = code;
    while (cur && parts.length < 100) {
      parts.unshift(cur.name);
      cur = cur.parentKey === null ? undefined : this.incomingCodes.get(cur.parentKey);
    }
    return parts.join('/');
  }

  private createCode(c: IncomingCode, parentId: number | null): number {
    let name = c.name.trim() || 'Unnamed code';
    if (codes.idByPath(this.db, parentId, name) !== undefined) {
      const base = `${name} (from ${this.p.label})`;
      name = base;
      for (let i = 2; codes.idByPath(this.db, parentId, name) !== undefined; i++) name = `${base} ${i}`;
    }
    const count = codes.count(this.db);
    const now = nowIso();
    const id = codes.insert(this.db, {
      guid: this.ids.freeGuid('code', c.guid),
      parent_id: parentId,
      name,
      color: /^#[0-9a-fA-F]{6}$/.test(c.color) ? c.color : CODE_PALETTE[count % CODE_PALETTE.length]!,
      color_given: c.colorGiven === false ? 0 : 1,
      definition: c.definition,
      inclusion: c.inclusion,
      exclusion: c.exclusion,
      example: c.example,
      is_codable: c.isCodable ? 1 : 0,
      position: count + 1,
      created_at: now,
      updated_at: now,
    });
    this.added.codes++;
    this.addedNames.codes.push(codes.pathOf(this.db, id));
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
      if (!codes.byId(this.db, decision.targetId)) throw new DomainError('NOT_FOUND', `The code chosen for “${review.incomingPath}” (id ${decision.targetId}) is not in this project.`);
      id = decision.targetId;
      this.matched.codes++;
    } else {
      id = this.createCode(c, parentId);
    }
    // Remember the decision, so merging this file again does not ask again.
    this.ids.remember('code', c.guid, id, true);
    return id;
  }

  private mergeCodes() {
    for (const c of this.p.codes) {
      const parentId = c.parentKey === null ? null : (this.ids.get('code', c.parentKey) ?? null);
      const path = this.incomingPath(c);
      let id: number;
      const aliased = this.ids.byAlias('code', c.guid);
      const sameGuid = aliased === undefined ? this.ids.bySameGuid('code', c.guid) : undefined;
      if (aliased !== undefined) {
        id = aliased;
        this.matched.codes++;
      } else if (sameGuid !== undefined) {
        const here = codes.pathOf(this.db, sameGuid);
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
        const sameName = codes.idByPath(this.db, parentId, c.name);
        if (sameName !== undefined) {
          id = sameName;
          this.matched.codes++;
          this.ids.remember('code', c.guid, id);
        } else {
          const similar = codes.list(this.db).filter((x) => norm(x.name) === norm(c.name));
          if (similar.length > 0) {
            const sameLevel = similar.find((x) => (x.parent_id ?? null) === parentId);
            id = this.decide(
              c,
              {
                incomingGuid: c.guid,
                incomingPath: path,
                reason: 'similar-name',
                candidates: similar.map((x) => ({ id: x.id, path: codes.pathOf(this.db, x.id) })),
                suggested: sameLevel ? { action: 'merge', targetId: sameLevel.id } : { action: 'new' },
                codings: this.codingsUsing(c.key),
              },
              parentId,
            );
          } else {
            id = this.createCode(c, parentId);
            this.ids.remember('code', c.guid, id);
          }
        }
      }
      this.ids.set('code', c.key, id);
    }
  }

  // codings ------------------------------------------------------------------------------------

  private mergeCodings() {
    let orphaned = 0;
    let widened = 0;
    const invalid: string[] = [];
    for (const k of this.p.codings) {
      const doc = this.docMap.get(k.documentKey);
      const codeId = this.ids.get('code', k.codeKey);
      if (!doc || codeId === undefined) {
        orphaned++;
        continue;
      }
      const coderId = this.coder(k.coderKey);
      const present = this.ids.byGuid('coding', k.guid);
      if (present !== undefined) {
        this.alreadyPresent.codings++;
        this.ids.set('coding', k.key, present);
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
      const same = codings.idBySpan(this.db, doc.id, codeId, coderId, fit.start, fit.end);
      if (same !== undefined) {
        this.alreadyPresent.codings++;
        this.ids.link('coding', k.key, k.guid, same);
        continue;
      }
      const now = nowIso();
      const guid = this.ids.freeGuid('coding', k.guid);
      const id = codings.insert(this.db, { guid, document_id: doc.id, code_id: codeId, coder_id: coderId, start: fit.start, end: fit.end, created_at: k.createdAt || now, updated_at: k.updatedAt || now });
      this.ids.link('coding', k.key, k.guid, id);
      this.added.codings++;
      this.codingsByCoder.set(coderId, (this.codingsByCoder.get(coderId) ?? 0) + 1);
    }
    if (widened) this.warnings.push(`${plural(widened, 'coding')} in “${this.p.label}” began or ended inside a character (a letter and its accent, an emoji or a flag) and ${widened === 1 ? 'was' : 'were'} widened to whole characters.`);
    if (orphaned) this.warnings.push(`${plural(orphaned, 'coding')} in “${this.p.label}” referred to a document, code or coder missing from that file and ${orphaned === 1 ? 'was' : 'were'} skipped.`);
    if (invalid.length) this.warnings.push(`${plural(invalid.length, 'coding')} did not fit the text and ${invalid.length === 1 ? 'was' : 'were'} skipped: ${invalid.slice(0, 5).join('; ')}${invalid.length > 5 ? '; …' : ''}.`);
  }

  // attribute values and document–case links ---------------------------------------------------

  private addCategory(attributeId: number, value: string) {
    const row = attributes.byId(this.db, attributeId);
    if (row?.kind !== 'category') return;
    const list = attributes.parseCategories(row.categories);
    if (!list.includes(value)) attributes.setCategories(this.db, attributeId, [...list, value]);
  }

  private mergeValues() {
    const put = (scope: 'case' | 'document', ownerId: number, ownerLabel: string, attributeId: number, value: string) => {
      const existing = attributes.valueOf(this.db, scope, ownerId, attributeId);
      if (existing === undefined) {
        attributes.putValue(this.db, scope, ownerId, attributeId, value);
        this.addCategory(attributeId, value);
        this.added.attributeValues++;
      } else if (existing !== value) {
        this.conflicts.push(`${ownerLabel}, attribute “${attributes.byId(this.db, attributeId)?.name}”: this project has “${existing}”, “${this.p.label}” has “${value}”; kept “${existing}”.`);
      }
    };
    for (const v of this.p.caseValues) {
      const caseId = this.ids.get('case', v.caseKey);
      const attr = this.ids.get('attribute', v.attributeKey);
      if (caseId === undefined || attr === undefined) continue;
      put('case', caseId, `Case “${cases.nameOf(this.db, caseId)}”`, attr, v.value);
    }
    for (const v of this.p.documentValues) {
      const doc = this.docMap.get(v.documentKey);
      const attr = this.ids.get('attribute', v.attributeKey);
      if (!doc || attr === undefined) continue;
      put('document', doc.id, `Document “${doc.name}”`, attr, v.value);
    }
    for (const l of this.p.documentCases) {
      const doc = this.docMap.get(l.documentKey);
      const caseId = this.ids.get('case', l.caseKey);
      if (doc && caseId !== undefined) cases.linkDocument(this.db, doc.id, caseId);
    }
  }

  // themes and sets ----------------------------------------------------------------------------

  private mergeThemes() {
    const statuses = new Set<string>(THEME_STATUSES);
    for (const t of this.p.themes) {
      const parentId = t.parentKey === null ? null : (this.ids.get('theme', t.parentKey) ?? null);
      let id = this.ids.matchTheme(t.guid, parentId, t.name);
      if (id !== undefined) {
        this.matched.themes++;
      } else {
        id = themes.insert(this.db, {
          guid: this.ids.freeGuid('theme', t.guid),
          parent_id: parentId,
          name: t.name,
          definition: t.definition,
          status: statuses.has(t.status) ? (t.status as themes.ThemeRow['status']) : 'candidate',
          color: /^#[0-9a-fA-F]{6}$/.test(t.color) ? t.color : themes.DEFAULT_THEME_COLOR,
          created_at: nowIso(),
        });
        this.added.themes++;
      }
      this.ids.link('theme', t.key, t.guid, id);
    }
    for (const tc of this.p.themeCodes) {
      const themeId = this.ids.get('theme', tc.themeKey);
      const codeId = this.ids.get('code', tc.codeKey);
      if (themeId !== undefined && codeId !== undefined) themes.addCode(this.db, themeId, codeId, tc.position);
    }
  }

  private mergeSets() {
    for (const s of this.p.sets) {
      let id = this.ids.matchSet(s.guid, s.name);
      if (id !== undefined) {
        this.matched.sets++;
      } else {
        id = sets.insert(this.db, { guid: this.ids.freeGuid('set', s.guid), name: s.name, description: s.description });
        this.added.sets++;
      }
      this.ids.link('set', s.key, s.guid, id);
      for (const d of s.documentKeys) {
        const doc = this.docMap.get(d);
        if (doc) sets.addMember(this.db, id, { documentId: doc.id });
      }
      for (const c of s.codeKeys) {
        const code = this.ids.get('code', c);
        if (code !== undefined) sets.addMember(this.db, id, { codeId: code });
      }
    }
  }

  // memos --------------------------------------------------------------------------------------

  private mergeMemos() {
    let lost = 0;
    for (const m of this.p.memos) {
      if (this.ids.byGuid('memo', m.guid) !== undefined) {
        this.alreadyPresent.memos++;
        continue;
      }
      const target = this.ids.memoTarget(m.target.kind, m.target.key);
      if (!target) {
        lost++;
        continue;
      }
      const same = memos.idBySameContent(this.db, m.title, m.body, target);
      if (same !== undefined) {
        this.alreadyPresent.memos++;
        this.ids.remember('memo', m.guid, same);
        continue;
      }
      const now = nowIso();
      const id = memos.insert(this.db, { guid: this.ids.freeGuid('memo', m.guid), title: m.title, body: m.body, target, coder_id: this.coder(m.coderKey), created_at: m.createdAt || now, updated_at: m.updatedAt || now });
      this.ids.remember('memo', m.guid, id);
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
      merges.insert(db, {
        source_name: incoming.label,
        source_guid: incoming.projectGuid,
        source_format: incoming.format,
        merged_by: options.mergedBy ?? null,
        summary: JSON.stringify(result.summary),
        merged_at: nowIso(),
      });
      return result;
    })();
  } catch (err) {
    if (err instanceof RollBack) return err.result;
    throw err;
  }
}

export function listMerges(db: DB) {
  return merges.list(db).map((r) => {
    let added = zero();
    try {
      added = { ...added, ...(JSON.parse(r.summary) as MergeSummary).added };
    } catch {
      // a damaged summary only loses the counts
    }
    return { id: r.id, source: r.source_name, format: r.source_format, mergedBy: r.merged_by, mergedAt: r.merged_at, added };
  });
}
