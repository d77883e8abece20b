/** Ranked frequencies: per attribute value, the codes by count; ties share a rank. */
import { rankingTable, rankingWideTable, tableRows } from '../../../shared/analysis/tables';
import { useAppStore } from '../../store';
import { MatrixSettingsBar } from './MatrixPanel';
import { safeFileName } from './download';

/** Which codes the ranking lists (the result says; by default the service's rule, defaultRankLevel). */
const LEVEL_TEXT = {
  all: 'All codes; a parent counts its sub-codes',
  leaves: 'The codes that were applied, without their category parents',
  top: 'Top-level codes only',
} as const;

export function RankingPanel() {
  const ranking = useAppStore((s) => s.ranking);
  const runRanking = useAppStore((s) => s.runRanking);
  const exportXlsx = useAppStore((s) => s.exportXlsx);
  const downloadCsv = useAppStore((s) => s.downloadCsv);
  const baseName = ranking ? safeFileName(`Ranking by ${ranking.attribute.name}`) : 'ranking';
  return (
    <div className="ranking-panel">
      <MatrixSettingsBar onRun={() => void runRanking()} runLabel="Rank codes" showLevel />
      {!ranking ? (
        <p className="muted">Rank the codes by frequency for each value of an attribute (e.g. the top topics at T1, T2 and T3). Equal counts share a rank: 1, 2, 2, 4.</p>
      ) : (
        <section className="analysis-card" aria-label="Ranking">
          <div className="card-head">
            <h3>
              Top {ranking.rowKind} by {ranking.attribute.name} <span className="muted small">({ranking.count})</span>
            </h3>
            {ranking.level && ranking.rowKind === 'codes' ? <span className="muted small" data-testid="ranking-level">{LEVEL_TEXT[ranking.level]}</span> : null}
            <button
              type="button"
              onClick={() => downloadCsv(tableRows(rankingWideTable(ranking)), `${baseName}.csv`)}
            >
              Export table as CSV
            </button>
            <button type="button" onClick={() => void exportXlsx([rankingWideTable(ranking), rankingTable(ranking)], `${baseName}.xlsx`)}>
              Export table as XLSX
            </button>
          </div>
          <div className="ranking-columns">
            {ranking.columns.map((col) => (
              <table key={String(col.value)} className="data-table ranking-table" aria-label={`Ranking for ${col.label}`}>
                <caption>{col.label}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Rank
                    </th>
                    <th scope="col">{ranking.rowKind === 'themes' ? 'Theme' : 'Code'}</th>
                    <th scope="col" className="num">
                      Count
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {col.items.map((it, i) => {
                    const tied = col.items.some((o, j) => j !== i && o.rank === it.rank);
                    return (
                      <tr key={it.key}>
                        <td className="num">{tied ? `=${it.rank}` : it.rank}</td>
                        <td title={it.path}>
                          <span className="swatch" style={{ background: it.color }} aria-hidden="true" /> {it.code}
                        </td>
                        <td className="num">{it.count}</td>
                      </tr>
                    );
                  })}
                  {col.items.length === 0 ? (
                    <tr>
                      <td colSpan={3} className="muted">
                        nothing coded
                      </td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
