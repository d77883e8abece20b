/** weft merge / weft agreement / weft reliability */
import { readUserFile, USER_FILE_KINDS } from '../../fs/user-files.js';
import { basename } from 'node:path';
import { MEASUREMENT_LEVELS, type MeasurementLevel } from '../../../shared/agreement/index.js';
import type { CodeMatchReview, CoefficientRow, MergeCounts, MergeSummary } from '../../../shared/types/team.js';
import { agreementReport, reliabilityFromCsv } from '../../services/team/agreement.js';
import { findCoder } from '../../services/team/coders.js';
import { loadIncoming } from '../../services/team/load.js';
import { ARCHIVE_LIMITS_HELP, ARCHIVE_LIMITS_USAGE, archiveLimitOptions, archiveLimitsOf } from '../archive-limits.js';
import { mergeIncoming } from '../../services/team/merge.js';
import { DomainError, EXIT, UsageError, coderName, jsonOption, printJson, requireProjectArg, withProject, withProjectAsync, READ_ONLY, type Command } from '../command.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const NOUNS: Record<keyof MergeCounts, [string, string]> = {
  documents: ['document', 'documents'],
  codes: ['code', 'codes'],
  coders: ['coder', 'coders'],
  codings: ['coding', 'codings'],
  cases: ['case', 'cases'],
  attributes: ['attribute', 'attributes'],
  attributeValues: ['attribute value', 'attribute values'],
  themes: ['theme', 'themes'],
  sets: ['set', 'sets'],
  memos: ['memo', 'memos'],
};
const listCounts = (counts: Partial<MergeCounts>) =>
  (Object.entries(counts) as [keyof MergeCounts, number][])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => plural(n, ...NOUNS[k]))
    .join(', ') || 'nothing';

function describeReview(r: CodeMatchReview, summary: MergeSummary): string {
  const s = r.suggested;
  const target = s.action === 'merge' ? r.candidates.find((c) => c.id === s.targetId)?.path : null;
  const why = r.reason === 'guid-moved' ? `is “${r.candidates[0]?.path}” here (same code, renamed or moved)` : `resembles ${r.candidates.map((c) => `“${c.path}”`).join(', ')} here`;
  const action = target ? `merged into “${target}”` : 'added as a code of its own';
  return `  “${r.incomingPath}” ${why}: ${summary.dryRun ? 'would be' : 'was'} ${action}\n`;
}

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'merge another copy of the project (.weft) or a REFI-QDA project (.qdpx) into this one',
  usage: `weft merge FILE.weft OTHER.weft|OTHER.qdpx [--dry-run] ${ARCHIVE_LIMITS_USAGE} [--json]`,
  details:
    'Documents are matched by their text (content hash), else added; codes by GUID, then by name path;\n' +
    'coders by GUID, then by name. Codings are added with their coder; nothing here is overwritten, and\n' +
    'merging the same file again adds nothing. Near matches of codes (renamed in one copy, or the same\n' +
    'name elsewhere in the tree) follow the suggestion shown; review them in the app to decide otherwise.\n' +
    'Everything is written in one transaction: a failure writes nothing. OTHER is only read.\n' +
    '--dry-run  show what would be added without writing anything\n' +
    'A .qdpx is read within the same caps as weft import-project:\n' +
    ARCHIVE_LIMITS_HELP,
  options: { ...jsonOption, 'dry-run': { type: 'boolean' }, ...archiveLimitOptions },
  async run(ctx) {
    const project = requireProjectArg(ctx);
    const other = ctx.positionals[1];
    if (!other) throw new UsageError('missing the file to merge (OTHER.weft or OTHER.qdpx)');
    if (ctx.positionals.length > 2) throw new UsageError('merge one file at a time');
    const dryRun = ctx.values['dry-run'] === true;
    const me = coderName(ctx);
    const limits = archiveLimitsOf(ctx);
    const result = await withProjectAsync(
      ctx,
      project,
      async (s) => {
        const incoming = await loadIncoming(other, s.path, me, limits);
        if (!dryRun) await s.backupBefore('merge');
        return mergeIncoming(s.db, incoming, { dryRun, mergedBy: me });
      },
      { writes: !dryRun },
    );
    const { summary, reviews } = result;
    if (ctx.values.json) {
      printJson(ctx, { ...summary, reviews });
      return EXIT.ok;
    }
    ctx.out(`${dryRun ? 'Would merge' : 'Merged'} ${summary.source} into ${basename(project)}\n`);
    ctx.out(`added:        ${listCounts(summary.added)}\n`);
    ctx.out(`matched:      ${listCounts(summary.matched)}\n`);
    const present = listCounts({ codings: summary.alreadyPresent.codings, memos: summary.alreadyPresent.memos });
    ctx.out(`already here: ${present}\n`);
    if (summary.codingsByCoder.length) ctx.out(`new codings:  ${summary.codingsByCoder.map((c) => `${c.coder} ${c.codings}`).join(', ')}\n`);
    const names = (list: string[], total: number) => `${list.slice(0, 10).join(', ')}${total > 10 ? `, … (${total - 10} more)` : ''}`;
    if (summary.addedNames.documents.length) ctx.out(`new documents: ${names(summary.addedNames.documents, summary.added.documents)}\n`);
    if (summary.addedNames.codes.length) ctx.out(`new codes:    ${names(summary.addedNames.codes, summary.added.codes)}\n`);
    if (reviews.length) {
      ctx.out(`code matches to review (${reviews.length}):\n`);
      for (const r of reviews) ctx.out(describeReview(r, summary));
    }
    if (summary.conflicts.length) {
      ctx.out(`kept this project's value (${summary.conflicts.length}):\n`);
      for (const c of summary.conflicts) ctx.out(`  ${c}\n`);
    }
    if (summary.warnings.length) {
      ctx.out(`warnings (${summary.warnings.length}):\n`);
      for (const w of summary.warnings) ctx.out(`  ${w}\n`);
    }
    return EXIT.ok;
  },
};

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`);
const coef = (v: number | null) => (v === null ? '—' : v.toFixed(3));

export const agreementCommand: Command = {
  name: 'agreement',
  summary: 'inter-coder agreement of two coders per code and document (percent agreement and kappa)',
  usage: 'weft agreement FILE.weft --coders A,B [--min-overlap PERCENT] [--include-interviewer] [--json]',
  details:
    'Character level, as NVivo’s coding comparison: one row per code and document that either coder used,\n' +
    'with percent agreement ((both + neither) / length), Cohen’s kappa and the agreeing/disagreeing characters\n' +
    '(counted as Unicode code points, as NVivo counts them: an emoji is one character). The overall row pools the rows’ tables (counts summed, kappa recomputed); meanKappa\n' +
    'and lengthWeightedKappa are given too. Also printed: segment-level agreement as MAXQDA reports it\n' +
    '(segments overlapping by at least --min-overlap percent, default 90, with Brennan & Prediger’s kappa).\n' +
    '--json prints an array of {code, document, percentAgreement, kappa, …}; the last element is the overall row\n' +
    '{code: null, document: null, overall: true, percentAgreement, kappa, …, coefficients}, where coefficients\n' +
    'lists percent agreement, Cohen’s kappa, Scott’s pi, Brennan–Prediger and Gwet’s AC1 on the pooled table\n' +
    '(each {id, name, value, observedAgreement, expectedAgreement, …}; no intervals, characters are not independent).\n' +
    'Codings lying only in interviewer turns are left out when the project setting "exclude interviewer turns" is on\n' +
    '(the default); --include-interviewer counts them.',
  options: { ...jsonOption, coders: { type: 'string' }, 'min-overlap': { type: 'string' }, 'include-interviewer': { type: 'boolean' } },
  run(ctx) {
    const project = requireProjectArg(ctx);
    const raw = ctx.values.coders;
    if (typeof raw !== 'string' || !raw.trim()) throw new UsageError('name the two coders to compare: --coders A,B');
    const names = raw.split(',').map((n) => n.trim()).filter(Boolean);
    if (names.length !== 2) throw new UsageError(`--coders takes exactly two coder names separated by a comma (got ${names.length})`);
    let minOverlapPercent: number | undefined;
    if (ctx.values['min-overlap'] !== undefined) {
      minOverlapPercent = Number(ctx.values['min-overlap']);
      if (!(minOverlapPercent > 0 && minOverlapPercent <= 100)) throw new UsageError('--min-overlap takes a percentage above 0 and at most 100');
    }
    const report = withProject(
      ctx,
      project,
      (s) => {
        const a = findCoder(s.db, names[0]!);
        const b = findCoder(s.db, names[1]!);
        if (a.id === b.id) throw new UsageError('name two different coders');
        return agreementReport(s.db, { coderA: a.id, coderB: b.id, ...(minOverlapPercent === undefined ? {} : { minOverlapPercent }), ...(ctx.values['include-interviewer'] ? { excludeInterviewer: false } : {}) });
      },
      READ_ONLY,
    );
    const o = report.character.overall;
    if (ctx.values.json) {
      printJson(ctx, [
        ...report.character.rows.map((r) => ({
          code: r.code,
          document: r.document,
          percentAgreement: r.percentAgreement,
          kappa: r.kappa,
          agreeingCharacters: r.agreeingCharacters,
          disagreeingCharacters: r.disagreeingCharacters,
          both: r.both,
          aOnly: r.aOnly,
          bOnly: r.bOnly,
          neither: r.neither,
          length: r.length,
        })),
        {
          code: null,
          document: null,
          overall: true,
          percentAgreement: o?.percentAgreement ?? null,
          kappa: o?.kappa ?? null,
          agreeingCharacters: o?.agreeingCharacters ?? 0,
          disagreeingCharacters: o?.disagreeingCharacters ?? 0,
          meanKappa: o?.meanKappa ?? null,
          lengthWeightedKappa: o?.lengthWeightedKappa ?? null,
          rows: o?.rows ?? 0,
          coders: [report.coderA.name, report.coderB.name],
          segment: {
            minOverlapPercent: report.segment.minOverlapPercent,
            percentAgreement: report.segment.total.percentAgreement,
            kappa: report.segment.kappa,
            kappaReason: report.segment.kappaReason,
          },
          krippendorffAlpha: report.characterAlpha,
          coefficients: report.character.coefficients,
        },
      ]);
      return EXIT.ok;
    }
    ctx.out(`Agreement between ${report.coderA.name} (A) and ${report.coderB.name} (B), character level (NVivo coding comparison)\n`);
    if (report.character.rows.length === 0) {
      ctx.out('Neither coder has coded anything in this project, so there is nothing to compare.\n');
      return EXIT.ok;
    }
    const table = [
      ['code', 'document', 'agreement', 'kappa', 'agreeing', 'disagreeing', 'A and B', 'A only', 'B only'],
      ...report.character.rows.map((r) => [r.code, r.document, pct(r.percentAgreement), coef(r.kappa), String(r.agreeingCharacters), String(r.disagreeingCharacters), String(r.both), String(r.aOnly), String(r.bOnly)]),
      ['overall (pooled)', '', pct(o!.percentAgreement), coef(o!.kappa), String(o!.agreeingCharacters), String(o!.disagreeingCharacters), String(o!.both), String(o!.aOnly), String(o!.bOnly)],
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) ctx.out(`${row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`);
    ctx.out(`mean kappa over rows ${coef(o!.meanKappa)}, weighted by document length ${coef(o!.lengthWeightedKappa)}\n`);
    const seg = report.segment;
    ctx.out(
      `Segment level (MAXQDA, segments overlapping ≥ ${seg.minOverlapPercent}%): ${pct(seg.total.percentAgreement)} of ${seg.total.total} segments agree; ` +
        `kappa (Brennan & Prediger, ${seg.categories} codes) ${seg.kappa === null ? `— (${seg.kappaReason})` : coef(seg.kappa)}\n`,
    );
    ctx.out(`Krippendorff's alpha over characters × codes (nominal): ${report.characterAlpha === null ? `— (${report.characterAlphaReason})` : coef(report.characterAlpha)}\n`);
    ctx.out(
      `Pooled table (characters × codes): ${report.character.coefficients.map((c) => `${c.name} ${coef(c.value)}`).join(', ')}` +
        ` (po ${coef(report.character.coefficients[0]?.observedAgreement ?? null)}, pe of Cohen's kappa ${coef(report.character.coefficients[1]?.expectedAgreement ?? null)})\n`,
    );
    return EXIT.ok;
  },
};

/** The coefficients table of `weft reliability` and `weft agreement`. */
export function coefficientTable(rows: readonly CoefficientRow[], withIntervals: boolean): string {
  const level = rows[0] ? Math.round(rows[0].confidence * 100) : 95;
  const head = ['coefficient', 'value', 'po', 'pe', ...(withIntervals ? ['SE', `${level}% CI`] : []), 'units'];
  const table = [
    head,
    ...rows.map((c) => [
      c.name,
      c.value === null ? `— (${c.reason})` : coef(c.value),
      coef(c.observedAgreement),
      coef(c.expectedAgreement),
      ...(withIntervals ? [coef(c.standardError), c.ciLower === null || c.ciUpper === null ? '—' : `${coef(c.ciLower)} to ${coef(c.ciUpper)}`] : []),
      String(c.units),
    ]),
  ];
  const widths = head.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  return table.map((row) => `${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`).join('');
}

export const reliabilityCommand: Command = {
  name: 'reliability',
  summary: "Krippendorff's alpha, kappas, Scott's pi, Gwet's AC1/AC2 and more, with intervals, from a reliability matrix in CSV",
  usage: 'weft reliability DATA.csv --level nominal|ordinal|interval|ratio [--order V1,V2,...] [--bootstrap N [--seed S]] [--json]',
  details:
    'DATA.csv: a header naming the coders (an optional first column "unit" or "id" labels the units), then one\n' +
    'row per unit and one column per coder; an empty cell is a missing value. Comma, semicolon or tab.\n' +
    "Krippendorff's alpha at the given level (default nominal), for any number of coders with missing data;\n" +
    "Fleiss' kappa when every coded unit has the same number of values; Cohen's kappa for exactly two coders.\n" +
    'Then a table of coefficients, each with po (observed agreement), pe (chance agreement), standard error and\n' +
    '95% confidence interval (Gwet 2014; t with units − 1 degrees of freedom): percent agreement, Cohen’s kappa,\n' +
    'Scott’s pi, Brennan–Prediger kappa and Gwet’s AC1 for two coders (units both coded); percent agreement,\n' +
    'Fleiss’ kappa (missing values allowed), Brennan–Prediger and AC1 for three or more; for ordinal, interval and\n' +
    'ratio data also weighted kappa and Gwet’s AC2 with linear and quadratic weights.\n' +
    '--order      for ordinal values that are not numbers: the values in rank order, lowest first.\n' +
    "--bootstrap  bootstrap a 95% interval for alpha with N samples, as Hayes & Krippendorff's KALPHA does\n" +
    '             (KALPHA uses 1000 or more), and the probability that alpha is below 0.9 … 0.5.\n' +
    '--seed       seed of the bootstrap (default 1): the same data, N and seed always give the same interval.\n' +
    '--json adds `coefficients` [{id, name, weights, value, observedAgreement, expectedAgreement, standardError,\n' +
    'ciLower, ciUpper, confidence, units, reason}] and `alphaBootstrap` {samples, seed, lower, upper, mean, …} or null.\n' +
    'No project file is needed.',
  options: { ...jsonOption, level: { type: 'string' }, order: { type: 'string' }, bootstrap: { type: 'string' }, seed: { type: 'string' } },
  run(ctx) {
    const file = ctx.positionals[0];
    if (!file) throw new UsageError('missing the CSV file (DATA.csv)');
    const level = (ctx.values.level ?? 'nominal') as MeasurementLevel;
    if (!MEASUREMENT_LEVELS.includes(level)) throw new UsageError(`--level takes ${MEASUREMENT_LEVELS.join(', ')} (got “${String(level)}”)`);
    const order = typeof ctx.values.order === 'string' ? ctx.values.order.split(',').map((v) => v.trim()) : undefined;
    if (order && level !== 'ordinal') throw new UsageError('--order is for the ordinal level only');
    const wholeNumber = (name: string, raw: unknown, min: number, max: number) => {
      const v = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(v) || v < min || v > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max.toLocaleString('en')} (got “${String(raw)}”)`);
      return v;
    };
    let bootstrap: { samples: number; seed: number } | undefined;
    if (ctx.values.bootstrap !== undefined) {
      bootstrap = {
        samples: wholeNumber('bootstrap', ctx.values.bootstrap, 1, 100_000),
        seed: ctx.values.seed === undefined ? 1 : wholeNumber('seed', ctx.values.seed, 0, 4_294_967_295),
      };
    } else if (ctx.values.seed !== undefined) throw new UsageError('--seed is for the bootstrap: give --bootstrap N too');
    const text = readUserFile(file, USER_FILE_KINDS.table).toString('utf8');
    let r;
    try {
      r = reliabilityFromCsv(text, level, order, bootstrap ? { bootstrap } : {});
    } catch (err) {
      if (err instanceof DomainError) throw new DomainError(err.code, `${basename(file)}: ${err.message}`);
      throw err;
    }
    if (ctx.values.json) {
      printJson(ctx, r);
      return EXIT.ok;
    }
    ctx.out(`${plural(r.coders.length, 'coder')} (${r.coders.join(', ')}), ${plural(r.units, 'unit')}; ${plural(r.pairableUnits, 'unit')} coded by two or more (${plural(r.pairableValues, 'value')})\n`);
    ctx.out(`Krippendorff's alpha (${level}): ${r.alpha === null ? `— (${r.alphaReason})` : coef(r.alpha)}\n`);
    const b = r.alphaBootstrap;
    if (b) {
      ctx.out(`  ${Math.round(b.confidence * 100)}% bootstrap interval ${coef(b.lower)} to ${coef(b.upper)} (${b.samples} samples, seed ${b.seed}, ${b.pairsPerSample} pairs each)\n`);
      ctx.out(`  probability that alpha is below: ${b.belowMinimum.map((x) => `${x.minimum} ${x.probability.toFixed(3)}`).join(', ')}\n`);
    } else if (bootstrap) ctx.out('  no bootstrap: alpha is undefined\n');
    ctx.out(`Fleiss' kappa: ${r.fleissKappa === null ? `— (${r.fleissKappaReason})` : coef(r.fleissKappa)}\n`);
    ctx.out(`Cohen's kappa: ${r.cohenKappa === null ? `— (${r.cohenKappaReason})` : coef(r.cohenKappa)}\n`);
    if (r.coefficients.length) {
      ctx.out('\n');
      ctx.out(coefficientTable(r.coefficients, true));
    }
    for (const n of r.notes) ctx.out(`note: ${n}\n`);
    return EXIT.ok;
  },
};

export const teamCommands: Command[] = [mergeCommand, agreementCommand, reliabilityCommand];
