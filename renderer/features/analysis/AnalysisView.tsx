/**
 * The analysis view: cases & attributes, the code × attribute matrix with its chart, ranked
 * frequencies, co-occurrence, and full-text search with auto-coding.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import type { AnalysisTab } from '../../store/analysis';
import { CasesPanel } from './CasesPanel';
import { CooccurrencePanel } from './CooccurrencePanel';
import { FiltersBar } from './FiltersBar';
import { MatrixPanel } from './MatrixPanel';
import { RankingPanel } from './RankingPanel';
import { SearchPanel } from './SearchPanel';
import './analysis.css';

const TABS: { id: AnalysisTab; label: string }[] = [
  { id: 'cases', label: 'Cases & attributes' },
  { id: 'matrix', label: 'Matrix' },
  { id: 'ranking', label: 'Ranking' },
  { id: 'cooccurrence', label: 'Co-occurrence' },
  { id: 'search', label: 'Search' },
];

export function AnalysisView() {
  const tab = useAppStore((s) => s.analysisTab);
  const setTab = useAppStore((s) => s.setAnalysisTab);
  const loadAnalysis = useAppStore((s) => s.loadAnalysis);
  const project = useAppStore((s) => s.project);

  useEffect(() => {
    if (project) void loadAnalysis(project.path);
  }, [loadAnalysis, project]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.id);
    document.getElementById(`analysis-tab-${next.id}`)?.focus();
  };

  return (
    <section className="analysis-view" aria-label="Analysis">
      {/* eslint-disable-next-line jsx-a11y/interactive-supports-focus -- WAI-ARIA tabs: focus is on the tab buttons; the tablist only handles the arrow keys that bubble from them */}
      <div className="analysis-tabs" role="tablist" aria-label="Analysis sections" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`analysis-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls="analysis-panel"
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'active' : undefined}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="analysis-panel" role="tabpanel" aria-labelledby={`analysis-tab-${tab}`} className="analysis-body">
        {tab !== 'cases' ? <FiltersBar forSearch={tab === 'search'} /> : null}
        {tab === 'cases' ? <CasesPanel /> : null}
        {tab === 'matrix' ? <MatrixPanel /> : null}
        {tab === 'ranking' ? <RankingPanel /> : null}
        {tab === 'cooccurrence' ? <CooccurrencePanel /> : null}
        {tab === 'search' ? <SearchPanel /> : null}
      </div>
    </section>
  );
}
