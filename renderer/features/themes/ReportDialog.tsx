/**
 * The write-up: choose the sections, themes, quotes and participant attributes, then download the
 * report (DOCX, Markdown or HTML) or save it to a path.
 */
import { useMemo, useState } from 'react';
import { toggled } from '../../../shared/domain/list';
import { flattenThemes } from '../../../shared/themes/tree';
import type { ReportFormat, ReportOptions } from '../../../shared/types/themes';
import { FileDialog } from '../../components/FileDialog';
import { useAppStore } from '../../store';
import { Modal } from '../../components/Modal';
import { QuoteAttributesPicker } from './QuoteAttributesPicker';

const FORMATS: { id: ReportFormat; label: string }[] = [
  { id: 'docx', label: 'Word (.docx)' },
  { id: 'md', label: 'Markdown (.md)' },
  { id: 'html', label: 'HTML (.html)' },
];
const SECTIONS = [
  ['participants', 'Participants table'],
  ['themesTable', 'Themes table (theme | explanation)'],
  ['themes', 'A section per theme with its quotes'],
  ['codebook', 'Appendix: codebook'],
] as const;

export function ReportDialog() {
  const tree = useAppStore((s) => s.themeTree);
  const project = useAppStore((s) => s.project);
  const close = () => useAppStore.getState().setReportDialog(false);
  const downloadReport = useAppStore((s) => s.downloadReport);
  const saveReport = useAppStore((s) => s.saveReport);
  const all = useMemo(() => flattenThemes(tree?.themes ?? []), [tree]);
  const attributes = useAppStore((s) => s.reportAttributes);
  const last = useAppStore((s) => s.lastReport);
  const remember = useAppStore((s) => s.rememberReportChoices);
  const allQuotes = useMemo(() => all.flatMap((x) => x.theme.quotes.map((q) => `${x.theme.id}:${q.codingId}`)), [all]);
  const [title, setTitle] = useState(last?.title ?? project?.name ?? '');
  const [format, setFormat] = useState<ReportFormat>(last?.format ?? 'docx');
  const [themeIds, setThemeIds] = useState<number[]>(() =>
    all.filter((x) => (last ? !last.excludedThemes.includes(x.theme.id) : x.theme.status !== 'discarded')).map((x) => x.theme.id),
  );
  const [quotes, setQuotes] = useState<string[]>(() => allQuotes.filter((q) => !last?.excludedQuotes.includes(q)));
  const [chosenAttributes, setChosenAttributes] = useState<string[]>([]);
  // once the attributes arrive (and whenever they are reloaded), all but the ones left out last time are chosen
  const [attributesSeen, setAttributesSeen] = useState<typeof attributes | undefined>(undefined);
  if (attributes !== attributesSeen) {
    setAttributesSeen(attributes);
    if (attributes) setChosenAttributes(attributes.filter((a) => !last?.excludedAttributes.includes(a)));
  }
  const [sections, setSections] = useState(last?.sections ?? { participants: true, themesTable: true, themes: true, codebook: true });
  const [participantsListed, setParticipantsListed] = useState<'appearing' | 'all'>(last?.participantsListed ?? 'appearing');
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);

  const quoteAttributes = useAppStore((s) => s.quoteAttributes);
  const options: ReportOptions = { title, themeIds, quotes, attributes: chosenAttributes, sections, participantsListed, ...(quoteAttributes ? { quoteAttributes } : {}) };
  const run = async <R,>(fn: () => Promise<R>, done: (r: R) => boolean): Promise<R> => {
    remember({
      format,
      title,
      excludedThemes: all.map((x) => x.theme.id).filter((id) => !themeIds.includes(id)),
      excludedQuotes: allQuotes.filter((q) => !quotes.includes(q)),
      excludedAttributes: (attributes ?? []).filter((a) => !chosenAttributes.includes(a)),
      sections,
      participantsListed,
    });
    setBusy(true);
    const r = await fn();
    setBusy(false);
    if (done(r)) close();
    return r;
  };

  return (
    <Modal title="Export report" onClose={close} busy={busy}>
      <div className="report-dialog">
        <div className="report-side">
        <label className="field">
          <span>Title</span>
          <input value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Report title" />
        </label>
        <fieldset className="check-list">
          <legend>Sections</legend>
          {SECTIONS.map(([key, label]) => (
            <label key={key}>
              <input type="checkbox" checked={sections[key]} onChange={(e) => setSections({ ...sections, [key]: e.target.checked })} /> {label}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Participants table lists</span>
          <select value={participantsListed} disabled={!sections.participants} onChange={(e) => setParticipantsListed(e.target.value as 'appearing' | 'all')}>
            <option value="appearing">Participants in the documents</option>
            <option value="all">Every participant</option>
          </select>
        </label>
        <fieldset className="check-list">
          <legend>Participant attributes</legend>
          {attributes === null ? <span className="muted">Loading…</span> : attributes.length === 0 ? <span className="muted">The participants have no attributes.</span> : null}
          {attributes?.map((a) => (
            <label key={a}>
              <input type="checkbox" checked={chosenAttributes.includes(a)} onChange={() => setChosenAttributes(toggled(chosenAttributes, a))} /> {a}
            </label>
          ))}
        </fieldset>
        {attributes?.length ? <QuoteAttributesPicker attributes={attributes} /> : null}
        <fieldset className="format-choice">
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.id}>
              <input type="radio" name="report-format" checked={format === f.id} onChange={() => setFormat(f.id)} /> {f.label}
            </label>
          ))}
        </fieldset>
        </div>
        <fieldset className="check-list report-themes">
          <legend>Themes and quotes</legend>
          {all.length === 0 ? <span className="muted">No themes yet.</span> : null}
          {all.map(({ theme, depth }) => (
            <div key={theme.id} style={{ paddingLeft: `${depth * 1.2}rem` }}>
              <label>
                <input type="checkbox" checked={themeIds.includes(theme.id)} onChange={() => setThemeIds(toggled(themeIds, theme.id))} />{' '}
                <strong>{theme.name}</strong> <span className="muted small">({theme.status})</span>
              </label>
              {theme.quotes.map((q) => {
                const key = `${theme.id}:${q.codingId}`;
                return (
                  <label key={key} className="report-quote">
                    <input type="checkbox" disabled={!themeIds.includes(theme.id)} checked={quotes.includes(key)} onChange={() => setQuotes(toggled(quotes, key))} /> “
                    {q.text.length > 90 ? `${q.text.slice(0, 90)}…` : q.text}” <span className="muted">— {q.attribution}</span>
                  </label>
                );
              })}
            </div>
          ))}
        </fieldset>
      </div>
      <div className="modal-actions">
        <button type="button" className="left" disabled={busy} onClick={() => setSaving(true)}>
          Save to a file…
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void run(() => downloadReport(format, options), (ok) => ok)}>
          Download
        </button>
      </div>
      {saving ? (
        <FileDialog
          title="Save report"
          mode="save"
          confirmLabel="Save"
          extensions={[format]}
          initialName={`${(title || 'report').replace(/[^\p{L}\p{N} _-]+/gu, ' ').trim() || 'report'}.${format}`}
          onCancel={() => setSaving(false)}
          onSave={(path, overwrite) => run(() => saveReport(format, options, path, overwrite), (outcome) => outcome === 'saved')}
        />
      ) : null}
    </Modal>
  );
}
