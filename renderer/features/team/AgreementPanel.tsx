import { useMemo, useState } from 'react';
import type { CharacterAgreementTotal, UncodedUnits } from '../../../shared/types/team';
import { InterviewerToggle } from '../analysis/InterviewerToggle';
import { useAppStore } from '../../store';
import { CoderSelect, defaultPair } from './CoderSelect';
import { CoefficientTable } from './CoefficientTable';
import { fmtCount, fmtKappa, fmtPercent } from './format';

function Figure({ label, value, testId, title }: { label: string; value: string; testId?: string; title?: string }) {
  return (
    <div className="team-figure" title={title}>
      <div className="value" data-testid={testId}>
        {value}
      </div>
      <div className="label">{label}</div>
    </div>
  );
}

/** "All codes" or the sub-codes of one parent code (e.g. the topics coders chose among). */
function useCodeScope() {
  const codes = useAppStore((s) => s.codes);
  const parents = useMemo(() => codes.filter((c) => codes.some((k) => k.parentId === c.id)), [codes]);
  const [scope, setScope] = useState<number | null>(null);
  const codeIds = scope === null ? undefined : codes.filter((c) => c.parentId === scope).map((c) => c.id);
  const control = (
    <label>
      Codes
      <select value={scope ?? ''} onChange={(e) => setScope(e.target.value ? Number(e.target.value) : null)}>
        <option value="">All codes</option>
        {parents.map((p) => (
          <option key={p.id} value={p.id}>
            Sub-codes of {p.name}
          </option>
        ))}
      </select>
    </label>
  );
  return { codeIds, control };
}

/** The heading row of a table of TotalCells, after its first column. */
function TotalsHead({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th>{first}</th>
        <th className="num">Agreement</th>
        <th className="num">Kappa (pooled)</th>
        <th className="num">Mean kappa</th>
        <th className="num">Agreeing chars</th>
        <th className="num">Disagreeing chars</th>
      </tr>
    </thead>
  );
}

function TotalCells({ t }: { t: CharacterAgreementTotal }) {
  return (
    <>
      <td className="num">{fmtPercent(t.percentAgreement)}</td>
      <td className="num">{fmtKappa(t.kappa)}</td>
      <td className="num">{fmtKappa(t.meanKappa)}</td>
      <td className="num">{fmtCount(t.agreeingCharacters)}</td>
      <td className="num">{fmtCount(t.disagreeingCharacters)}</td>
    </>
  );
}

function CharacterReport() {
  const report = useAppStore((s) => s.agreement)!;
  const o = report.character.overall;
  const a = report.coderA.name;
  const b = report.coderB.name;
  return (
    <div aria-label="Agreement report" role="region">
      <h3>
        {a} (A) and {b} (B)
      </h3>
      {!o ? (
        <p className="muted">Neither coder has coded anything in these documents, so there is nothing to compare.</p>
      ) : (
        <>
          <div className="team-figures">
            <Figure label="Cohen’s kappa, character level (pooled)" value={fmtKappa(o.kappa)} testId="overall-kappa" title="NVivo’s kappa on all code × document rows pooled into one table" />
            <Figure label="Percent agreement (characters)" value={fmtPercent(o.percentAgreement)} testId="overall-agreement" />
            <Figure label="Mean kappa over rows" value={fmtKappa(o.meanKappa)} title={`Weighted by document length: ${fmtKappa(o.lengthWeightedKappa)}`} />
            <Figure label={`Coding kappa (≥ ${report.segment.minOverlapPercent} % overlap)`} value={fmtKappa(report.segment.kappa)} testId="segment-kappa" title={report.segment.kappaReason ?? 'Brennan & Prediger, as MAXQDA reports it'} />
            <Figure label="Krippendorff’s alpha (characters × codes)" value={fmtKappa(report.characterAlpha)} title={report.characterAlphaReason ?? undefined} />
          </div>
          <h4>Coefficients on the pooled table (every character × code a unit)</h4>
          <CoefficientTable rows={report.character.coefficients} label="Coefficients on the pooled character table" intervals={false} />
          <p className="team-note">No intervals here: neighbouring characters are not independent units, so a standard error over characters would be far too small.</p>
          <h4>By code and document (NVivo coding comparison)</h4>
          <table className="team-table" aria-label="Agreement by code and document">
            <thead>
              <tr>
                <th>Code</th>
                <th>Document</th>
                <th className="num">Agreement</th>
                <th className="num">Kappa</th>
                <th className="num">A and B</th>
                <th className="num">A only</th>
                <th className="num">B only</th>
                <th className="num">Neither</th>
              </tr>
            </thead>
            <tbody>
              {report.character.rows.map((r) => (
                <tr key={`${r.codeId}:${r.documentId}`} data-code={r.code} data-document={r.document}>
                  <td>{r.code}</td>
                  <td>{r.document}</td>
                  <td className="num">{fmtPercent(r.percentAgreement)}</td>
                  <td className="num" data-testid="row-kappa">
                    {fmtKappa(r.kappa)}
                  </td>
                  <td className="num">{fmtCount(r.both)}</td>
                  <td className="num">{fmtCount(r.aOnly)}</td>
                  <td className="num">{fmtCount(r.bOnly)}</td>
                  <td className="num">{fmtCount(r.neither)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>By code</h4>
          <table className="team-table" aria-label="Agreement by code">
            <TotalsHead first="Code" />
            <tbody>
              {report.character.byCode.map((r) => (
                <tr key={r.codeId}>
                  <td>{r.code}</td>
                  <TotalCells t={r} />
                </tr>
              ))}
            </tbody>
          </table>
          <h4>By document</h4>
          <table className="team-table" aria-label="Agreement by document">
            <TotalsHead first="Document" />
            <tbody>
              {report.character.byDocument.map((r) => (
                <tr key={r.documentId}>
                  <td>{r.document}</td>
                  <TotalCells t={r} />
                </tr>
              ))}
              <tr className="total">
                <td>Overall</td>
                <TotalCells t={o} />
              </tr>
            </tbody>
          </table>
          <h4>Codings (as MAXQDA counts them: two codings agree when they overlap by at least {report.segment.minOverlapPercent} %)</h4>
          <table className="team-table" aria-label="Coding agreement">
            <thead>
              <tr>
                <th>Code</th>
                <th className="num">Agreements</th>
                <th className="num">Non-agreements</th>
                <th className="num">Codings</th>
                <th className="num">Percent</th>
              </tr>
            </thead>
            <tbody>
              {[...report.segment.rows, report.segment.total].map((r) => (
                <tr key={r.code ?? '(total)'} className={r.code === null ? 'total' : undefined}>
                  <td>{r.code ?? 'Total'}</td>
                  <td className="num">{r.agreements}</td>
                  <td className="num">{r.nonAgreements}</td>
                  <td className="num">{r.total}</td>
                  <td className="num">{fmtPercent(r.percentAgreement)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="team-note">
            P<sub>observed</sub> {fmtKappa(report.segment.observedAgreement)}, P<sub>chance</sub> = 1/{report.segment.categories} ({fmtKappa(report.segment.chanceAgreement)}), kappa{' '}
            {fmtKappa(report.segment.kappa)}
            {report.segment.kappaReason ? ` — ${report.segment.kappaReason}` : ''}.
          </p>
          <p className="team-note">
            Character level follows NVivo’s coding comparison: every character of a document is a unit for each code, coded by a coder or not; percent agreement is (A and B + neither) / length and
            kappa is Cohen’s on that table. NVivo defines no overall figure; “pooled” sums the rows’ tables and computes kappa from the sum, the mean is the plain average of the rows’ kappas.
            Characters are Unicode code points, as NVivo counts them: an emoji is one character.
          </p>
        </>
      )}
    </div>
  );
}

function UnitReport() {
  const r = useAppStore((s) => s.unitAgreement)!;
  return (
    <div role="region" aria-label="Unit agreement report">
      <div className="team-figures">
        <Figure label="Krippendorff’s alpha (nominal)" value={fmtKappa(r.alpha)} testId="unit-alpha" title={r.alphaReason ?? undefined} />
        <Figure label="Cohen’s kappa" value={fmtKappa(r.cohenKappa)} testId="unit-cohen" title={r.cohenKappaReason ?? undefined} />
        <Figure label="Fleiss’ kappa" value={fmtKappa(r.fleissKappa)} testId="unit-fleiss" title={r.fleissKappaReason ?? undefined} />
      </div>
      {r.coefficients.length ? <CoefficientTable rows={r.coefficients} label="Agreement coefficients on the units" intervals /> : null}
      <p className="team-note">
        {fmtCount(r.units)} {r.unitKind}, {fmtCount(r.codedUnits)} coded by at least one coder.{' '}
        {r.multiCodedAssignments ? `${fmtCount(r.multiCodedAssignments)} times a coder used several of the codes in one unit; the code covering most of it was taken. ` : ''}
        {[r.alphaReason && `Alpha: ${r.alphaReason}.`, r.cohenKappaReason && `Cohen: ${r.cohenKappaReason}.`, r.fleissKappaReason && `Fleiss: ${r.fleissKappaReason}.`].filter(Boolean).join(' ')}
      </p>
      {r.sample.length ? (
        <table className="team-table" aria-label="Units and each coder's code">
          <thead>
            <tr>
              <th>Unit</th>
              <th>Text</th>
              {r.coders.map((c) => (
                <th key={c.id}>{c.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.sample.map((u, i) => (
              <tr key={i}>
                <td>
                  {u.document}: {u.unit}
                </td>
                <td className="small">{u.excerpt}</td>
                {u.values.map((v, j) => (
                  <td key={j}>{v ?? <span className="muted">—</span>}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

export function AgreementPanel() {
  const coders = useAppStore((s) => s.coders);
  const report = useAppStore((s) => s.agreement);
  const unitReport = useAppStore((s) => s.unitAgreement);
  const runAgreement = useAppStore((s) => s.runAgreement);
  const runUnitAgreement = useAppStore((s) => s.runUnitAgreement);
  const busy = useAppStore((s) => s.teamBusy);
  const [chosenPair, setPair] = useState<[number | null, number | null]>(() => defaultPair(coders));
  // until the coders are loaded there is no pair to choose: the default follows them
  const pair: [number | null, number | null] = chosenPair[0] === null && coders.length ? defaultPair(coders) : chosenPair;
  const [overlap, setOverlap] = useState(90);
  const scope = useCodeScope();
  const unitScope = useCodeScope();
  const own = coders.filter((c) => !c.isConsensus);
  const [chosenUnitCoders, setUnitCoders] = useState<number[]>(() => own.map((c) => c.id));
  // none chosen (or not loaded yet when the panel opened): all coders
  const unitCoders = chosenUnitCoders.length === 0 && coders.length ? own.map((c) => c.id) : chosenUnitCoders;
  const [uncoded, setUncoded] = useState<UncodedUnits>('missing');

  const canCompare = pair[0] !== null && pair[1] !== null && pair[0] !== pair[1] && overlap > 0 && overlap <= 100;
  return (
    <section aria-label="Agreement">
      <h2>Inter-coder agreement</h2>
      <div className="team-controls">
        <InterviewerToggle />
      </div>
      {own.length < 2 ? <p className="muted">Agreement needs two coders who have coded in this project. Merge a colleague’s copy, or switch who is coding.</p> : null}
      <form
        className="team-controls"
        onSubmit={(e) => {
          e.preventDefault();
          if (canCompare) void runAgreement({ coderA: pair[0]!, coderB: pair[1]!, minOverlapPercent: overlap, ...(scope.codeIds ? { codeIds: scope.codeIds } : {}) });
        }}
      >
        <CoderSelect label="Coder A" value={pair[0]} onChange={(id) => setPair([id, pair[1]])} />
        <CoderSelect label="Coder B" value={pair[1]} onChange={(id) => setPair([pair[0], id])} />
        {scope.control}
        <label>
          Coding overlap (%)
          <input type="number" min={1} max={100} value={overlap} onChange={(e) => setOverlap(Number(e.target.value))} />
        </label>
        <button type="submit" className="primary" disabled={!canCompare || busy !== null}>
          Compare
        </button>
      </form>
      {report ? <CharacterReport /> : null}

      <h3>Predefined units (speaker turns)</h3>
      <p className="team-note">
        When each unit — a speaker turn, or a paragraph in documents without turns — is to get one code (for example one topic per answer), each coder’s code for a unit is the code covering most
        of it. Cohen’s kappa (two coders), Fleiss’ kappa (same number of coders for every unit) and Krippendorff’s alpha (any number of coders, missing values allowed) on those assignments.
      </p>
      <form
        className="team-controls"
        onSubmit={(e) => {
          e.preventDefault();
          if (unitCoders.length >= 2) void runUnitAgreement({ coderIds: unitCoders, uncoded, ...(unitScope.codeIds ? { codeIds: unitScope.codeIds } : {}) });
        }}
      >
        <fieldset className="team-controls" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="muted small">Coders</legend>
          {own.map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                checked={unitCoders.includes(c.id)}
                onChange={(e) => setUnitCoders(e.target.checked ? [...unitCoders, c.id] : unitCoders.filter((x) => x !== c.id))}
              />
              {c.name}
            </label>
          ))}
        </fieldset>
        {unitScope.control}
        <label>
          A unit a coder left uncoded
          <select value={uncoded} onChange={(e) => setUncoded(e.target.value as UncodedUnits)}>
            <option value="missing">is missing</option>
            <option value="category">counts as “not coded”</option>
          </select>
        </label>
        <button type="submit" disabled={unitCoders.length < 2 || busy !== null}>
          Compare units
        </button>
      </form>
      {unitReport ? <UnitReport /> : null}
    </section>
  );
}
