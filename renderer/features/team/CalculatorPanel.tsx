import { useState } from 'react';
import type { ReliabilityCalculation } from '../../../shared/types/team';
import { useAppStore } from '../../store';
import { CoefficientTable } from './CoefficientTable';
import { fmtKappa } from './format';

const EXAMPLE = 'unit,A,B,C,D\n1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n4,3,3,3,3\n5,2,2,2,2\n6,1,2,3,4\n7,4,4,4,4\n8,1,1,2,1\n9,2,2,2,2\n10,,5,5,5\n11,,,1,1\n12,,3,,\n';

/** Krippendorff's alpha (and Fleiss'/Cohen's kappa) for any reliability matrix, no project data needed. */
export function CalculatorPanel() {
  const result = useAppStore((s) => s.reliability);
  const run = useAppStore((s) => s.runReliability);
  const busy = useAppStore((s) => s.teamBusy);
  const [csv, setCsv] = useState('');
  const [level, setLevel] = useState<ReliabilityCalculation['level']>('nominal');
  const [samples, setSamples] = useState('1000');
  const [seed, setSeed] = useState('1');
  const sampleCount = Number(samples);
  const seedValue = Number(seed);
  const bootstrapValid = samples.trim() === '0' || (Number.isInteger(sampleCount) && sampleCount >= 1 && sampleCount <= 100_000 && Number.isInteger(seedValue) && seedValue >= 0 && seedValue <= 4_294_967_295);
  return (
    <section aria-label="Reliability calculator">
      <h2>Reliability calculator</h2>
      <p className="team-note">
        For any coded units — attribute ratings, codes assigned elsewhere: one row per unit, one column per coder (a first column named “unit” or “id” labels the rows), an empty cell for a missing
        value. Comma, semicolon or tab separated. Krippendorff’s alpha at the chosen level for any number of coders; Fleiss’ kappa when every unit has the same number of values; Cohen’s kappa for
        two coders; then percent agreement, Scott’s pi, Brennan–Prediger, Gwet’s AC1 (and weighted kappa and AC2 for ordered levels) with standard errors and 95 % intervals. Hover a coefficient
        for what it means. The same as <code>weft reliability DATA.csv --level … --bootstrap N --seed S</code>.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (csv.trim() && bootstrapValid) void run(csv, level, sampleCount > 0 ? { samples: sampleCount, seed: seedValue } : undefined);
        }}
      >
        <label className="field">
          <span>Reliability data (CSV)</span>
          <textarea className="calc-csv" value={csv} onChange={(e) => setCsv(e.target.value)} spellCheck={false} aria-label="Reliability data (CSV)" />
        </label>
        <div className="team-controls">
          <label>
            Load a CSV file
            <input
              type="file"
              accept=".csv,.tsv,.txt,text/csv"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) setCsv(await file.text());
              }}
            />
          </label>
          <label>
            Level of measurement
            <select value={level} onChange={(e) => setLevel(e.target.value as ReliabilityCalculation['level'])}>
              <option value="nominal">nominal</option>
              <option value="ordinal">ordinal</option>
              <option value="interval">interval</option>
              <option value="ratio">ratio</option>
            </select>
          </label>
          <label title="Bootstrap samples for alpha's confidence interval, as Hayes & Krippendorff's KALPHA (0 for none)">
            Bootstrap samples
            <input type="number" min={0} max={100000} step={1} value={samples} onChange={(e) => setSamples(e.target.value)} className="calc-number" />
          </label>
          <label title="The same data, samples and seed always give the same interval">
            Seed
            <input type="number" min={0} step={1} value={seed} onChange={(e) => setSeed(e.target.value)} className="calc-number" disabled={samples.trim() === '0'} />
          </label>
          <button type="button" onClick={() => setCsv(EXAMPLE)}>
            Use Krippendorff’s (2011) example
          </button>
          <button type="submit" className="primary" disabled={!csv.trim() || busy !== null || !bootstrapValid}>
            Calculate
          </button>
        </div>
      </form>
      {result ? (
        <div role="region" aria-label="Reliability result">
          <div className="team-figures">
            <div className="team-figure" title={result.alphaReason ?? undefined}>
              <div className="value" data-testid="calc-alpha">
                {fmtKappa(result.alpha)}
              </div>
              <div className="label">Krippendorff’s alpha ({result.level})</div>
            </div>
            <div className="team-figure" title={result.fleissKappaReason ?? undefined}>
              <div className="value">{fmtKappa(result.fleissKappa)}</div>
              <div className="label">Fleiss’ kappa</div>
            </div>
            <div className="team-figure" title={result.cohenKappaReason ?? undefined}>
              <div className="value">{fmtKappa(result.cohenKappa)}</div>
              <div className="label">Cohen’s kappa</div>
            </div>
          </div>
          <CoefficientTable
            rows={result.coefficients}
            label="Agreement coefficients"
            intervals
            alpha={{ value: result.alpha, reason: result.alphaReason, level: result.level, bootstrap: result.alphaBootstrap }}
          />
          {result.alphaBootstrap ? (
            <p className="team-note" data-testid="calc-bootstrap">
              Probability that alpha is below {result.alphaBootstrap.belowMinimum.map((x) => `${x.minimum}: ${x.probability.toFixed(3)}`).join(', ')} ({result.alphaBootstrap.samples} bootstrap samples, seed{' '}
              {result.alphaBootstrap.seed}).
            </p>
          ) : null}
          <p className="team-note">
            {result.coders.length} coders ({result.coders.join(', ')}), {result.units} units, {result.pairableUnits} coded by two or more ({result.pairableValues} values).{' '}
            {[result.alphaReason, result.fleissKappaReason, result.cohenKappaReason].filter(Boolean).join(' · ')}
          </p>
          {result.notes.map((n, i) => (
            <p key={i} className="team-note">
              {n}
            </p>
          ))}
        </div>
      ) : null}
    </section>
  );
}
