import type { AlphaBootstrapResult, CoefficientRow } from '../../../shared/types/team';
import { fmtCount, fmtKappa } from './format';

/** One plain-language sentence per coefficient, shown as the row's tooltip. */
const HELP: Record<CoefficientRow['id'], string> = {
  percent: 'Share of units (or pairs of coders) that agree. Easy to read, but not corrected for chance: with a rare code it is high even when coders never agree on it.',
  cohen: 'Agreement beyond chance, with chance taken from each coder’s own use of the codes. The usual figure for two coders; it can be low when one code is very rare (the “kappa paradox”).',
  scott: 'Like Cohen’s kappa, but chance comes from both coders’ codes pooled, as if the coders were interchangeable. Equals Fleiss’ kappa for two coders.',
  fleiss: 'Scott’s pi for any number of coders: agreement beyond chance with chance from all coders’ codes pooled. Here in Gwet’s form, which allows missing values.',
  'brennan-prediger':
    'Agreement beyond chance when chance is one in the number of codes (every code equally likely). What MAXQDA reports; useful when coders may use the codes freely.',
  gwet: 'Gwet’s AC1: agreement beyond chance with a chance term that stays small when a code is rare, so it does not collapse like kappa when agreement is high. AC2 is its weighted form.',
};

const WEIGHT_HELP: Record<CoefficientRow['weights'], string> = {
  identity: '',
  linear: ' Linear weights: a near miss on the ordered scale counts partly, in proportion to the distance.',
  quadratic: ' Quadratic weights: near misses count almost fully, far misses hardly at all.',
};

export const coefficientHelp = (c: Pick<CoefficientRow, 'id' | 'weights'>) => HELP[c.id] + WEIGHT_HELP[c.weights];

const ALPHA_HELP =
  'Krippendorff’s alpha: 1 minus observed disagreement over the disagreement expected by chance, for any number of coders, missing values and any level of measurement. The interval is bootstrapped as Hayes & Krippendorff’s KALPHA does.';

/**
 * The coefficients of an agreement result as a table: value, po, pe, standard error and interval,
 * each row with a plain-language tooltip. `alpha` adds Krippendorff's alpha as the first row.
 */
export function CoefficientTable({
  rows,
  label,
  intervals,
  alpha,
}: {
  rows: readonly CoefficientRow[];
  label: string;
  intervals: boolean;
  alpha?: { value: number | null; reason: string | null; level: string; bootstrap: AlphaBootstrapResult | null };
}) {
  const level = Math.round((rows[0]?.confidence ?? alpha?.bootstrap?.confidence ?? 0.95) * 100);
  return (
    <table className="team-table" aria-label={label}>
      <thead>
        <tr>
          <th>Coefficient</th>
          <th className="num">Value</th>
          <th className="num" title="Observed agreement (weighted for weighted coefficients)">
            p<sub>o</sub>
          </th>
          <th className="num" title="Agreement expected by chance">
            p<sub>e</sub>
          </th>
          {intervals ? (
            <>
              <th className="num">SE</th>
              <th className="num">{level} % interval</th>
            </>
          ) : null}
          <th className="num">Units</th>
        </tr>
      </thead>
      <tbody>
        {alpha ? (
          <tr data-testid="coef-alpha">
            <td title={ALPHA_HELP}>Krippendorff’s alpha ({alpha.level})</td>
            <td className="num" title={alpha.reason ?? undefined}>
              {fmtKappa(alpha.value)}
            </td>
            <td className="num">—</td>
            <td className="num">—</td>
            {intervals ? (
              <>
                <td className="num">—</td>
                <td className="num" data-testid="coef-alpha-ci" title={alpha.bootstrap ? `Bootstrap: ${fmtCount(alpha.bootstrap.samples)} samples, seed ${alpha.bootstrap.seed}` : 'Ask for a bootstrap to get an interval'}>
                  {alpha.bootstrap ? `${fmtKappa(alpha.bootstrap.lower)} – ${fmtKappa(alpha.bootstrap.upper)}` : '—'}
                </td>
              </>
            ) : null}
            <td className="num">—</td>
          </tr>
        ) : null}
        {rows.map((c) => (
          <tr key={`${c.id}-${c.weights}`} data-testid={`coef-${c.id}-${c.weights}`}>
            <td title={coefficientHelp(c)}>{c.name}</td>
            <td className="num" title={c.reason ?? undefined}>
              {fmtKappa(c.value)}
            </td>
            <td className="num">{fmtKappa(c.observedAgreement)}</td>
            <td className="num">{fmtKappa(c.expectedAgreement)}</td>
            {intervals ? (
              <>
                <td className="num">{fmtKappa(c.standardError)}</td>
                <td className="num">{c.ciLower === null || c.ciUpper === null ? '—' : `${fmtKappa(c.ciLower)} – ${fmtKappa(c.ciUpper)}`}</td>
              </>
            ) : null}
            <td className="num">{fmtCount(c.units)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
