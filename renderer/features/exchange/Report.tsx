/** Counts and warnings of an import (or its preview), as text. */
import type { ExchangeReport } from '../../../shared/types/exchange';

const LABELS: [keyof ExchangeReport['imported'], string][] = [
  ['documents', 'Documents'],
  ['codes', 'Codes'],
  ['codings', 'Codings'],
  ['coders', 'Coders'],
  ['cases', 'Cases'],
  ['attributes', 'Attributes'],
  ['attributeValues', 'Attribute values'],
  ['memos', 'Memos'],
  ['themes', 'Themes'],
  ['sets', 'Sets'],
];

export function ReportCounts({ report, label, only }: { report: ExchangeReport; label: string; only?: (keyof ExchangeReport['imported'])[] }) {
  const rows = LABELS.filter(([k]) => (only ? only.includes(k) : true));
  const matched = report.matched as Partial<Record<string, number>>;
  const showMatched = rows.some(([k]) => (matched[k] ?? 0) > 0);
  return (
    <table className="exchange-counts" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col" className="num">
            New
          </th>
          {showMatched ? (
            <th scope="col" className="num">
              Already there
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, text]) => (
          <tr key={k} data-count={k}>
            <th scope="row">{text}</th>
            <td className="num">{report.imported[k]}</td>
            {showMatched ? <td className="num">{matched[k] ?? '–'}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function WarningsList({ warnings, future = false }: { warnings: string[]; future?: boolean }) {
  if (warnings.length === 0) {
    return <p className="exchange-ok">{future ? 'Nothing will be dropped or repaired.' : 'Nothing had to be dropped or repaired.'}</p>;
  }
  const title = `${future ? 'Will be dropped or repaired' : 'Dropped or repaired'} (${warnings.length})`;
  return (
    <div className="exchange-warnings">
      <h4>{title}</h4>
      <ul aria-label={title}>
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  );
}
