/**
 * The project setting "exclude interviewer turns", as a checkbox in each view's filters (search,
 * theme review, agreement). One setting: ticking it in one view changes it in all of them.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store';

export function InterviewerToggle() {
  const exclude = useAppStore((s) => s.excludeInterviewer);
  const load = useAppStore((s) => s.loadExcludeInterviewer);
  const save = useAppStore((s) => s.setExcludeInterviewer);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <label className="interviewer-toggle" title="A project setting: search, auto-code, theme counts and agreement leave out what speakers marked as interviewer said">
      <input type="checkbox" checked={exclude ?? true} disabled={exclude === null} onChange={(e) => void save(e.target.checked)} /> Exclude interviewer turns
    </label>
  );
}
