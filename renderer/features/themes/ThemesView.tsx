/** The Themes view: board, thematic map, review and phases, plus CSV import and the report. */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store';
import type { ThemesTab } from '../../store/themes';
import { PhaseView } from './PhaseView';
import { ReportDialog } from './ReportDialog';
import { ReviewPanel } from './ReviewPanel';
import { ThemeBoard } from './ThemeBoard';
import { ThemeMap } from './ThemeMap';
import './themes.css';
import { useUndoKeys } from '../workspace/useUndoKeys';

const TABS: { id: ThemesTab; label: string }[] = [
  { id: 'board', label: 'Board' },
  { id: 'map', label: 'Map' },
  { id: 'review', label: 'Review' },
  { id: 'phases', label: 'Phases' },
];

export function ThemesView() {
  useUndoKeys();
  const tab = useAppStore((s) => s.themesTab);
  const setTab = useAppStore((s) => s.setThemesTab);
  const loadThemes = useAppStore((s) => s.loadThemes);
  const reportDialog = useAppStore((s) => s.reportDialog);
  const setReportDialog = useAppStore((s) => s.setReportDialog);
  const importCsv = useAppStore((s) => s.importThemesCsv);
  const csvInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // codes and codings change in the coding view: fetch afresh whenever the view opens
    void loadThemes().then(() => setTab(useAppStore.getState().themesTab));
  }, [loadThemes, setTab]);

  return (
    <section className="themes-view" aria-label="Themes">
      <div className="themes-toolbar">
        <div role="tablist" aria-label="Themes views" className="sub-tabs">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'active' : undefined} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
        <div className="themes-actions">
          <button type="button" onClick={() => csvInput.current?.click()}>
            Import themes (CSV)…
          </button>
          <input
            ref={csvInput}
            type="file"
            accept=".csv,text/csv"
            hidden
            aria-label="Choose a CSV of themes"
            data-testid="themes-csv-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importCsv(file);
            }}
          />
          <button type="button" className="primary" onClick={() => setReportDialog(true)}>
            Export report…
          </button>
        </div>
      </div>
      <div className="themes-body" role="tabpanel" aria-label={TABS.find((t) => t.id === tab)!.label}>
        {tab === 'board' ? <ThemeBoard /> : tab === 'map' ? <ThemeMap /> : tab === 'review' ? <ReviewPanel /> : <PhaseView />}
      </div>
      {reportDialog ? <ReportDialog /> : null}
    </section>
  );
}
