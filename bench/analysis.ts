/**
 * Figures 11a–11e: the analysis views at research scale, over the loopback bridge, each in turn
 * with a raw SQL aggregate computing the same counts on its own connection (the same-run
 * baseline). The themes the views need are made first through the API, as a researcher would:
 * one theme holding the hot code and half the codebook (the "theme with many codes" reviewed in
 * 11b), the other codes spread over a few more themes.
 */
import type Database from 'better-sqlite3';
import type { ApiClient } from './api-client.js';
import { fmtInt, fmtMs, median, type Budget, type Figure } from './report.js';
import { REVIEW_PAGE_SIZE } from '../shared/themes/tree.js';

export const ANALYSIS_BUDGET: Budget = { op: '<', limit: 150, text: '< 150 ms' };

interface AnalysisSetup {
  /** The reviewed theme. */
  bigThemeId: number;
  /** The case attribute the matrix and ranking split by. */
  attributeId: number;
  attributeName: string;
  themes: number;
  bigThemeCodes: number;
}

/** Makes the themes (through the API) unless the project has them already. */
export async function setUpThemes(api: ApiClient, codeIds: readonly number[], hotCodeId: number): Promise<AnalysisSetup> {
  const options = await api.call<{ attributes: { id: number; name: string; scope: string }[] }>('analysis.options');
  const attribute = options.attributes.find((a) => a.name === 'cohort' && a.scope === 'case') ?? options.attributes.find((a) => a.scope === 'case');
  if (!attribute) throw new Error('the bench project has no case attribute');
  const tree = await api.call<{ themes: { id: number; name: string }[] }>('themes.list');
  const existing = tree.themes.find((t) => t.name === 'Bench: workload and support');
  const others = codeIds.filter((c) => c !== hotCodeId);
  const big = [hotCodeId, ...others.slice(0, Math.floor(others.length / 2))];
  const themeCount = 1 + Math.ceil((others.length - (big.length - 1)) / 10);
  if (existing) return { bigThemeId: existing.id, attributeId: attribute.id, attributeName: attribute.name, themes: themeCount, bigThemeCodes: big.length };
  const { id: bigThemeId } = await api.call<{ id: number }>('themes.createFromCodes', { name: 'Bench: workload and support', codeIds: big });
  const rest = others.slice(big.length - 1);
  for (let i = 0; i < rest.length; i += 10) await api.call('themes.createFromCodes', { name: `Bench theme ${i / 10 + 1}`, codeIds: rest.slice(i, i + 10) });
  return { bigThemeId, attributeId: attribute.id, attributeName: attribute.name, themes: themeCount, bigThemeCodes: big.length };
}

interface Pair {
  id: string;
  label: string;
  call: () => Promise<unknown>;
  baseline: () => unknown;
  baselineText: string;
  describe: (value: unknown) => string;
}

/**
 * Runs each view `repeats` times after one warm-up, in turn with its baseline, and returns the
 * figures (median of the runs). The warm-up is given as "first call": the views share one table
 * of attributed codings per connection, built by the first view after a change (here 11a, right
 * after the themes were made), so 11a's first call is the cost after a change.
 */
export async function measureAnalysis(api: ApiClient, raw: Database.Database, codeIds: readonly number[], hotCodeId: number, repeats: number): Promise<Figure[]> {
  const s = await setUpThemes(api, codeIds, hotCodeId);
  const matrixInput = { attributeId: s.attributeId, count: 'codings' };
  const bigCodes = raw.prepare('SELECT code_id FROM theme_codes WHERE theme_id = ?').pluck().all(s.bigThemeId) as number[];
  const bigJson = JSON.stringify(bigCodes);
  const themeTotals = raw.prepare(
    `SELECT tc.theme_id, count(*), count(DISTINCT k.document_id) FROM theme_codes tc JOIN codings k ON k.code_id = tc.code_id GROUP BY tc.theme_id`,
  );
  const reviewRows = raw.prepare('SELECT document_id, start, end FROM codings WHERE code_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, start');
  const reviewText = raw.prepare('SELECT text FROM documents WHERE id = ?').pluck();
  // attribution approximated by the document's case (the benchmark's one-to-one interviews)
  const byAttribute = raw.prepare(
    `SELECT k.code_id, v.value, count(*) FROM codings k JOIN document_cases dc ON dc.document_id = k.document_id
       LEFT JOIN case_attribute_values v ON v.case_id = dc.case_id AND v.attribute_id = ?
      GROUP BY k.code_id, v.value`,
  );
  const overlaps = raw.prepare(
    `SELECT a.code_id, b.code_id, count(*) FROM codings a JOIN codings b
         ON b.document_id = a.document_id AND b.start < a.end AND a.start < b.end AND a.code_id < b.code_id
      GROUP BY a.code_id, b.code_id`,
  );
  const pairs: Pair[] = [
    {
      id: '11a',
      label: `Themes list (themes.list, ${s.themes} themes over ${fmtInt(codeIds.length)} codes)`,
      call: () => api.call('themes.list'),
      baseline: () => themeTotals.raw().all(),
      baselineText: 'raw SQL: codings and documents per theme (GROUP BY over theme_codes ⋈ codings)',
      describe: (v) => `${(v as { themes: unknown[] }).themes.length} themes`,
    },
    {
      id: '11b',
      label: `Theme review, first page as the review panel asks (themes.review, ${REVIEW_PAGE_SIZE} extracts, one theme with ${s.bigThemeCodes} codes)`,
      call: () => api.call('themes.review', { id: s.bigThemeId, limit: REVIEW_PAGE_SIZE }),
      baseline: () => {
        const rows = reviewRows.raw().all(bigJson) as [number, number, number][];
        const first = rows.slice(0, REVIEW_PAGE_SIZE);
        const texts = new Map<number, string>();
        for (const [doc] of first) if (!texts.has(doc)) texts.set(doc, reviewText.get(doc) as string);
        return first.map(([doc, start, end]) => texts.get(doc)!.slice(start, end));
      },
      baselineText: `raw SQL: every coding of the theme (document, offsets), and the text of the first ${REVIEW_PAGE_SIZE}'s documents, sliced`,
      describe: (v) => {
        const r = v as { extracts: unknown[]; total?: number };
        return `${fmtInt(r.extracts.length)} of ${fmtInt(r.total ?? r.extracts.length)} extracts`;
      },
    },
    {
      id: '11c',
      label: `Matrix codes × participants' ${s.attributeName} (analysis.matrix, counting codings)`,
      call: () => api.call('analysis.matrix', matrixInput),
      baseline: () => byAttribute.raw().all(s.attributeId),
      baselineText: "raw SQL: codings per code and document case's value (GROUP BY)",
      describe: (v) => `${(v as { rows: unknown[] }).rows.length} rows × ${(v as { columns: unknown[] }).columns.length} columns`,
    },
    {
      id: '11d',
      label: `Ranking of codes by ${s.attributeName} (analysis.ranking)`,
      call: () => api.call('analysis.ranking', matrixInput),
      baseline: () => byAttribute.raw().all(s.attributeId),
      baselineText: "raw SQL: codings per code and document case's value (GROUP BY)",
      describe: (v) => `${(v as { columns: unknown[] }).columns.length} columns`,
    },
    {
      id: '11e',
      label: 'Code co-occurrence, overlapping codings (analysis.cooccurrence)',
      call: () => api.call('analysis.cooccurrence', { unit: 'overlap' }),
      baseline: () => overlaps.raw().all(),
      baselineText: 'raw SQL: self-join of overlapping codings per code pair (GROUP BY)',
      describe: (v) => `${(v as { codes: unknown[] }).codes.length} codes`,
    },
  ];
  const figures: Figure[] = [];
  for (const p of pairs) {
    try {
      const times: number[] = [];
      const baseTimes: number[] = [];
      let value: unknown;
      let first = 0;
      for (let i = 0; i <= repeats; i++) {
        const t0 = performance.now();
        value = await p.call();
        const t1 = performance.now();
        p.baseline();
        const t2 = performance.now();
        if (i === 0) first = t1 - t0;
        else {
          times.push(t1 - t0);
          baseTimes.push(t2 - t1);
        }
      }
      const m = median(times);
      const b = median(baseTimes);
      figures.push({
        id: p.id,
        label: p.label,
        status: 'measured',
        value: m,
        result: `median ${fmtMs(m)} · max ${fmtMs(Math.max(...times))} (n=${times.length}; first call ${fmtMs(first)}; ${p.describe(value)})`,
        baseline: `${p.baselineText}: median ${fmtMs(b)}`,
        ratio: m / b,
        budget: ANALYSIS_BUDGET,
      });
    } catch (err) {
      figures.push({ id: p.id, label: p.label, status: 'failed', result: 'failed', note: `FAILED: ${(err as Error).message.split('\n')[0]!.slice(0, 300)}`, budget: ANALYSIS_BUDGET });
    }
  }
  return figures;
}
