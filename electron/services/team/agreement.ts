/**
 * Inter-coder agreement for a project: gathers codings by document, code and coder and hands
 * them to the pure statistics in shared/agreement (which hold the definitions and sources).
 *
 * - Character level (NVivo's coding comparison): one row per code × document that either coder
 *   used there. Overall and per-code/per-document totals pool the rows' 2×2 tables (counts
 *   summed, kappa recomputed); the plain and length-weighted means of the rows' kappas are given
 *   too, since NVivo itself defines no overall value (see summarizeCharacterAgreement).
 * - Segment level (MAXQDA): segmentAgreement over the same rows, with an overlap threshold.
 * - Krippendorff's alpha (nominal) over every character × code as a unit, from the pooled table.
 * - Predefined units: each speaker turn (or paragraph, when a document has no turns) takes, for
 *   each coder, the compared code that covers most of it; then alpha, Fleiss' and Cohen's kappa
 *   and the coefficients of shared/agreement/coefficients.ts.
 * Characters are counted as Unicode code points (NVivo's unit): stored UTF-16 ranges are converted
 * with the document's OffsetMap before counting.
 */
import type { DB } from '../../db/connection.js';
import * as documentTable from '../../db/tables/documents.js';
import type { CodingRow as CodingTableRow } from '../../db/tables/codings.js';
import type { DocumentRow } from '../../db/tables/documents.js';
import { DomainError } from '../../../shared/api/errors.js';
import {
  type AgreementCoefficient,
  type AlphaBootstrap,
  characterAgreement,
  type CharacterAgreement,
  type CharacterAgreementSummary,
  type MeasurementLevel,
  parseReliabilityCsv,
  ReliabilityCsvError,
  reliabilityReport,
  segmentAgreement,
  summarizeCharacterAgreement,
  type TextRange,
  toCodePointRanges,
  twoCoderCoefficients,
  unionOfRanges,
  intersectionLength,
} from '../../../shared/agreement/index.js';
import { OffsetMap } from '../../../shared/domain/offsets.js';
import { paragraphs } from '../../../shared/domain/text.js';
import type {
  AgreementReport,
  AlphaBootstrapResult,
  CoefficientRow,
  CharacterAgreementRow,
  CharacterAgreementTotal,
  ReliabilityCalculation,
  UncodedUnits,
  UnitAgreementReport,
} from '../../../shared/types/team.js';
import { codePaths } from '../codes.js';
import { coderName } from './coders.js';
import { loadAttributionInputs } from '../analysis/attribution-inputs.js';
import { excludeInterviewer } from '../analysis/interviewer-setting.js';
import { spokenByInterviewer } from '../../../shared/analysis/attribution.js';

export interface AgreementOptions {
  coderA: number;
  coderB: number;
  /** Only these documents (default: all). */
  documentIds?: readonly number[];
  /** Only these codes (default: all). */
  codeIds?: readonly number[];
  /** MAXQDA's minimum segment overlap, in percent (default 90). */
  minOverlapPercent?: number;
  /** Leave out codings lying only in the interviewer's turns (default: the project setting "exclude interviewer turns"). */
  excludeInterviewer?: boolean;
}

type DocRow = Pick<DocumentRow, 'id' | 'name' | 'length'>;

function documentsFor(db: DB, ids?: readonly number[]): DocRow[] {
  const all = db.prepare('SELECT id, name, length FROM documents ORDER BY position, id').all() as DocRow[];
  if (!ids) return all;
  const wanted = new Set(ids);
  for (const id of wanted) if (!all.some((d) => d.id === id)) throw new DomainError('NOT_FOUND', `There is no document with id ${id} in this project.`);
  return all.filter((d) => wanted.has(d.id));
}

type CodingRow = Pick<CodingTableRow, 'document_id' | 'code_id' | 'coder_id' | 'start' | 'end'>;

function codingsOf(db: DB, coderIds: readonly number[], docs: DocRow[], codeIds?: readonly number[], withoutInterviewer = false): CodingRow[] {
  const docSet = new Set(docs.map((d) => d.id));
  const codeSet = codeIds ? new Set(codeIds) : null;
  const rows = db
    .prepare(`SELECT document_id, code_id, coder_id, start, end FROM codings WHERE coder_id IN (${coderIds.map(() => '?').join(', ')}) ORDER BY document_id, start, end`)
    .all(...coderIds) as CodingRow[];
  const kept = rows.filter((r) => docSet.has(r.document_id) && (!codeSet || codeSet.has(r.code_id)));
  if (!withoutInterviewer || kept.length === 0) return kept;
  const { turns } = loadAttributionInputs(db, docSet);
  return kept.filter((r) => !spokenByInterviewer(r, turns.get(r.document_id) ?? []));
}

function checkCoders(db: DB, ids: readonly number[]) {
  for (const id of ids) coderName(db, id);
  if (new Set(ids).size !== ids.length) throw new DomainError('VALIDATION', 'Choose different coders to compare (the same coder was chosen twice).');
}

const toCoefficientRow = (c: AgreementCoefficient): CoefficientRow => ({ ...c });
const toBootstrap = (b: AlphaBootstrap | null): AlphaBootstrapResult | null => (b ? { ...b, belowMinimum: b.belowMinimum.map((x) => ({ ...x })) } : null);

const toRow = (r: CharacterAgreement, codeId: number, code: string, doc: DocRow): CharacterAgreementRow => ({
  codeId,
  code,
  documentId: doc.id,
  document: doc.name,
  length: r.length,
  both: r.both,
  aOnly: r.aOnly,
  bOnly: r.bOnly,
  neither: r.neither,
  agreeingCharacters: r.both + r.neither,
  disagreeingCharacters: r.aOnly + r.bOnly,
  percentAgreement: r.percentAgreement,
  kappa: r.kappa,
  degenerate: r.degenerate,
});

const toTotal = (s: CharacterAgreementSummary): CharacterAgreementTotal => ({
  both: s.pooled.both,
  aOnly: s.pooled.aOnly,
  bOnly: s.pooled.bOnly,
  neither: s.pooled.neither,
  agreeingCharacters: s.pooled.both + s.pooled.neither,
  disagreeingCharacters: s.pooled.aOnly + s.pooled.bOnly,
  percentAgreement: s.pooled.percentAgreement,
  kappa: s.pooled.kappa,
  meanKappa: s.meanKappa,
  lengthWeightedKappa: s.lengthWeightedKappa,
  rows: s.rows,
});

/**
 * Krippendorff's alpha (nominal) for two coders, no missing values, binary data given as a 2×2
 * table: every unit is coded 1 (coded) or 0 (not coded) by each coder. Coincidences
 * o_11 = 2·both, o_00 = 2·neither, o_01 = o_10 = aOnly + bOnly; n = 2N; then
 * α = 1 − (n − 1)·(o_01 + o_10) / (2·n_0·n_1) (Krippendorff 2011, section A). Equals
 * krippendorffAlpha on the expanded data (checked in the tests) without building N rows.
 */
export function binaryAlphaFromCounts(t: { both: number; aOnly: number; bOnly: number; neither: number }): { alpha: number | null; reason: string | null } {
  const n = 2 * (t.both + t.aOnly + t.bOnly + t.neither);
  const n1 = 2 * t.both + t.aOnly + t.bOnly;
  const n0 = 2 * t.neither + t.aOnly + t.bOnly;
  if (n === 0) return { alpha: null, reason: 'there is nothing to compare' };
  if (n0 === 0 || n1 === 0) return { alpha: null, reason: 'no variation: every character is coded the same way by both coders, so alpha is 0/0' };
  return { alpha: 1 - ((n - 1) * 2 * (t.aOnly + t.bOnly)) / (2 * n0 * n1), reason: null };
}

export function agreementReport(db: DB, options: AgreementOptions): AgreementReport {
  const { coderA, coderB } = options;
  checkCoders(db, [coderA, coderB]);
  const docs = documentsFor(db, options.documentIds);
  const paths = codePaths(db);
  const codings = codingsOf(db, [coderA, coderB], docs, options.codeIds, excludeInterviewer(db, options.excludeInterviewer));

  // (document, code) → both coders' ranges
  const cells = new Map<string, { doc: DocRow; codeId: number; a: TextRange[]; b: TextRange[] }>();
  const docById = new Map(docs.map((d) => [d.id, d]));
  for (const k of codings) {
    const key = `${k.document_id}:${k.code_id}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { doc: docById.get(k.document_id)!, codeId: k.code_id, a: [], b: [] };
      cells.set(key, cell);
    }
    (k.coder_id === coderA ? cell.a : cell.b).push({ start: k.start, end: k.end });
  }
  // Characters are counted as Unicode code points (NVivo's unit; an emoji is one character):
  // stored UTF-16 ranges and lengths are converted once per document.
  const maps = new Map<number, OffsetMap>();
  const mapOf = (doc: DocRow) => {
    let map = maps.get(doc.id);
    if (!map) {
      map = new OffsetMap(documentTable.textOf(db, doc.id) ?? '');
      maps.set(doc.id, map);
    }
    return map;
  };
  for (const cell of cells.values()) {
    const map = mapOf(cell.doc);
    cell.a = toCodePointRanges(map, cell.a);
    cell.b = toCodePointRanges(map, cell.b);
  }
  const lengthOf = (doc: DocRow) => mapOf(doc).codePointLength;
  const docOrder = new Map(docs.map((d, i) => [d.id, i]));
  const ordered = [...cells.values()].sort(
    (x, y) => (paths.get(x.codeId) ?? '').localeCompare(paths.get(y.codeId) ?? '') || docOrder.get(x.doc.id)! - docOrder.get(y.doc.id)!,
  );

  const results = ordered.map((c) => ({ cell: c, result: characterAgreement(lengthOf(c.doc), c.a, c.b) }));
  const rows = results.map(({ cell, result }) => toRow(result, cell.codeId, paths.get(cell.codeId) ?? `(code ${cell.codeId})`, cell.doc));

  const group = <K>(keyOf: (r: (typeof results)[number]) => K) => {
    const m = new Map<K, CharacterAgreement[]>();
    for (const r of results) {
      const k = keyOf(r);
      const list = m.get(k) ?? [];
      list.push(r.result);
      m.set(k, list);
    }
    return m;
  };
  const byCode = [...group((r) => r.cell.codeId)].map(([codeId, list]) => ({
    codeId,
    code: paths.get(codeId) ?? `(code ${codeId})`,
    ...toTotal(summarizeCharacterAgreement(list)!),
  }));
  const byDocument = [...group((r) => r.cell.doc.id)]
    .sort((x, y) => docOrder.get(x[0])! - docOrder.get(y[0])!)
    .map(([documentId, list]) => ({ documentId, document: docById.get(documentId)!.name, ...toTotal(summarizeCharacterAgreement(list)!) }));
  const overallSummary = summarizeCharacterAgreement(results.map((r) => r.result));
  const overall = overallSummary ? toTotal(overallSummary) : null;

  const seg = segmentAgreement(
    ordered.map((c) => ({ code: paths.get(c.codeId) ?? `(code ${c.codeId})`, document: c.doc.name, length: lengthOf(c.doc), a: c.a, b: c.b })),
    options.minOverlapPercent === undefined ? {} : { minOverlapPercent: options.minOverlapPercent },
  );
  const segRow = (r: (typeof seg.codes)[number]) => ({ code: r.code, agreements: r.agreements, nonAgreements: r.nonAgreements, total: r.total, percentAgreement: r.percentAgreement });

  const alpha = overall ? binaryAlphaFromCounts(overall) : { alpha: null, reason: 'neither coder has coded anything in the compared documents' };

  return {
    coderA: { id: coderA, name: coderName(db, coderA) },
    coderB: { id: coderB, name: coderName(db, coderB) },
    documents: docs.length,
    character: {
      rows,
      byCode,
      byDocument,
      overall,
      coefficients: overall
        ? twoCoderCoefficients(
            [
              [overall.both, overall.aOnly],
              [overall.bOnly, overall.neither],
            ],
            { intervals: false },
          ).map(toCoefficientRow)
        : [],
    },
    segment: {
      minOverlapPercent: seg.minOverlapPercent,
      rows: seg.codes.map(segRow),
      total: segRow(seg.total),
      categories: seg.categories,
      observedAgreement: seg.observedAgreement,
      chanceAgreement: seg.chanceAgreement,
      kappa: seg.kappa,
      kappaReason: seg.kappaReason,
    },
    characterAlpha: alpha.alpha,
    characterAlphaReason: alpha.reason,
  };
}

// Predefined units --------------------------------------------------------------------------

export interface UnitAgreementOptions {
  coderIds: readonly number[];
  documentIds?: readonly number[];
  /** The codes coders chose among (default: all codes). */
  codeIds?: readonly number[];
  /** Whether a unit a coder left uncoded is missing (default) or a category of its own. */
  uncoded?: UncodedUnits;
  /** Leave out turns of speakers marked as interviewer (default: the project setting "exclude interviewer turns"). */
  skipInterviewer?: boolean;
}

export const NOT_CODED = '(not coded)';

export function unitAgreement(db: DB, options: UnitAgreementOptions): UnitAgreementReport {
  const coderIds = [...options.coderIds];
  if (coderIds.length < 2) throw new DomainError('VALIDATION', 'Choose at least two coders to compare.');
  checkCoders(db, coderIds);
  const uncoded = options.uncoded ?? 'missing';
  const skipInterviewer = excludeInterviewer(db, options.skipInterviewer);
  const docs = documentsFor(db, options.documentIds);
  const paths = codePaths(db);
  const codings = codingsOf(db, coderIds, docs, options.codeIds);
  const turnsOf = db.prepare(
    `SELECT t.start, t.end, t.seq, s.label AS speaker, ifnull(s.is_interviewer, 0) AS interviewer
       FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id WHERE t.document_id = ? ORDER BY t.seq`,
  );

  const labels: string[] = [];
  const data: (string | null)[][] = [];
  const sample: UnitAgreementReport['sample'] = [];
  const kinds = new Set<string>();
  let multi = 0;
  let coded = 0;

  for (const doc of docs) {
    const text = documentTable.textOf(db, doc.id)!;
    const map = new OffsetMap(text);
    const turns = turnsOf.all(doc.id) as { start: number; end: number; seq: number; speaker: string | null; interviewer: number }[];
    let units: { start: number; end: number; label: string }[];
    if (turns.length) {
      kinds.add('speaker turns');
      units = turns
        .filter((t) => t.end > t.start && !(skipInterviewer && t.interviewer === 1))
        .map((t) => ({ start: t.start, end: t.end, label: `turn ${t.seq + 1}${t.speaker ? ` (${t.speaker})` : ''}` }));
    } else {
      kinds.add('paragraphs');
      units = paragraphs(text).map((p, i) => ({ start: p.start, end: p.end, label: `paragraph ${i + 1}` }));
    }
    units.sort((x, y) => x.start - y.start);
    // For each unit, each coder's codings that overlap it (units do not overlap each other, so a
    // binary search finds the first unit a coding touches).
    const perUnit = units.map(() => new Map<number, Map<number, TextRange[]>>());
    for (const k of codings) {
      if (k.document_id !== doc.id) continue;
      let lo = 0;
      let hi = units.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (units[mid]!.end <= k.start) lo = mid + 1;
        else hi = mid;
      }
      for (let u = lo; u < units.length && units[u]!.start < k.end; u++) {
        const byCoder = perUnit[u]!;
        const byCode = byCoder.get(k.coder_id) ?? new Map<number, TextRange[]>();
        byCoder.set(k.coder_id, byCode);
        const list = byCode.get(k.code_id) ?? [];
        list.push({ start: k.start, end: k.end });
        byCode.set(k.code_id, list);
      }
    }
    units.forEach((unit, u) => {
      const row = coderIds.map((coder) => {
        const covering = perUnit[u]!.get(coder);
        if (!covering || covering.size === 0) return uncoded === 'category' ? NOT_CODED : null;
        if (covering.size > 1) multi++;
        let best: { code: number; cover: number } | null = null;
        for (const [code, ranges] of covering) {
          // characters covered, counted as code points like every agreement figure
          const cover = intersectionLength(unionOfRanges(toCodePointRanges(map, ranges)), toCodePointRanges(map, [unit]));
          const path = paths.get(code) ?? '';
          if (!best || cover > best.cover || (cover === best.cover && path.localeCompare(paths.get(best.code) ?? '') < 0)) best = { code, cover };
        }
        return paths.get(best!.code) ?? `(code ${best!.code})`;
      });
      const anyCoded = row.some((v) => v !== null && v !== NOT_CODED);
      if (anyCoded) coded++;
      labels.push(`${doc.name}: ${unit.label}`);
      data.push(row);
      if (anyCoded && sample.length < 30) {
        const excerpt = text.slice(unit.start, unit.end).replace(/\s+/g, ' ').trim();
        sample.push({ document: doc.name, unit: unit.label, excerpt: excerpt.length > 160 ? `${excerpt.slice(0, 160)}…` : excerpt, values: row });
      }
    });
  }

  const names = coderIds.map((id) => coderName(db, id));
  const base = {
    coders: coderIds.map((id, i) => ({ id, name: names[i]! })),
    unitKind: [...kinds].join(' and ') || 'units',
    units: data.length,
    codedUnits: coded,
    multiCodedAssignments: multi,
    uncoded,
    sample,
  };
  if (data.length === 0) {
    const none = 'there are no units (speaker turns or paragraphs) in the compared documents';
    return { ...base, alpha: null, alphaReason: none, fleissKappa: null, fleissKappaReason: none, cohenKappa: null, cohenKappaReason: none, coefficients: [] };
  }
  const report = reliabilityReport({ coders: names, units: labels, data }, 'nominal');
  return {
    ...base,
    alpha: report.alpha,
    alphaReason: report.alphaReason,
    fleissKappa: report.fleissKappa,
    fleissKappaReason: report.fleissKappaReason,
    cohenKappa: report.cohenKappa,
    cohenKappaReason: report.cohenKappaReason,
    coefficients: report.coefficients.map(toCoefficientRow),
  };
}

// Reliability calculator (a CSV matrix, no project) --------------------------------------------

/** Krippendorff's alpha, Fleiss' and Cohen's kappa from a reliability CSV (one row per unit, one column per coder). */
/**
 * The statistics build a values × values table, so their cost grows with the square of the number
 * of distinct values: more than this is refused (20,000 distinct labels took minutes).
 */
export const MAX_RELIABILITY_VALUES = 2000;

export interface ReliabilityOptions {
  /** Bootstrap alpha's 95% interval with this many samples and this seed (Hayes & Krippendorff 2007). */
  bootstrap?: { samples: number; seed: number };
}

export function reliabilityFromCsv(csv: string, level: MeasurementLevel, order?: readonly string[], options: ReliabilityOptions = {}): ReliabilityCalculation {
  try {
    const parsed = parseReliabilityCsv(csv, level, order ? { order } : {});
    const distinct = new Set<unknown>();
    for (const row of parsed.data) for (const v of row) if (v !== null) distinct.add(v);
    if (distinct.size > MAX_RELIABILITY_VALUES) {
      throw new DomainError(
        'VALIDATION',
        `The reliability data cannot be used: it has ${distinct.size} different values; agreement statistics compare categories or ratings, at most ${MAX_RELIABILITY_VALUES} different values.`,
      );
    }
    const r = reliabilityReport(parsed, level, options.bootstrap ? { bootstrap: options.bootstrap } : {});
    return {
      level,
      coders: [...parsed.coders],
      units: r.units,
      pairableUnits: r.pairableUnits,
      pairableValues: r.pairableValues,
      alpha: r.alpha,
      alphaReason: r.alphaReason,
      fleissKappa: r.fleissKappa,
      fleissKappaReason: r.fleissKappaReason,
      cohenKappa: r.cohenKappa,
      cohenKappaReason: r.cohenKappaReason,
      notes: [...parsed.notes],
      coefficients: r.coefficients.map(toCoefficientRow),
      alphaBootstrap: toBootstrap(r.alphaBootstrap),
    };
  } catch (err) {
    if (err instanceof ReliabilityCsvError || err instanceof RangeError || err instanceof TypeError) {
      throw new DomainError('VALIDATION', `The reliability data cannot be used: ${err.message}`);
    }
    throw err;
  }
}
