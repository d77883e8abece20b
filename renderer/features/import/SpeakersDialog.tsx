/**
 * Speakers and participants: link each speaker of the chosen documents to a participant (case),
 * create a participant for it, or mark it as the interviewer; import a participants table (CSV)
 * with its attribute types shown and editable first. Bulk actions on the speakers ticked (one
 * undo step each): link by name, create participants for the unlinked, mark as interviewer, unlink.
 */
import { useEffect, useEffectEvent, useRef, useState, type ReactNode } from 'react';
import type { Case, DocumentSummary, ParticipantsPreview } from '../../../shared/types/entities';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';
import { countOf } from '../../../shared/domain/plural';
import { KIND_LABELS } from '../../../shared/analysis/values';

/** The speaker rows drawn with the dialog; the rest are drawn as they are scrolled near (WhenNear). */
const FIRST_ROWS = 40;

type Kind = ParticipantsPreview['attributes'][number]['kind'];
const KINDS: Kind[] = ['text', 'number', 'date', 'boolean', 'category'];

export function SpeakersDialog() {
  const documentIds = useAppStore((s) => s.speakersDialogFor);
  const close = useAppStore((s) => s.openSpeakersDialog);
  const notifyError = useAppStore((s) => s.notifyError);
  const notify = useAppStore((s) => s.notify);
  const [documents, setDocuments] = useState<DocumentSummary[]>([]);
  const [cases, setCases] = useState<Case[]>([]);
  const [csv, setCsv] = useState<{ file: File; preview: ParticipantsPreview; kinds: Record<string, Kind> } | null>(null);
  const [ticked, setTicked] = useState<Set<number>>(new Set());

  const refresh = () =>
    useAppStore
      .getState()
      .loadSpeakersData()
      .then(({ documents: docs, cases: cs }) => {
        setDocuments(documentIds && documentIds.length ? docs.filter((d) => documentIds.includes(d.id)) : docs);
        setCases(cs);
      }, notifyError);

  // load when the dialog opens for a (new) set of documents
  const load = useEffectEvent(() => void refresh());
  useEffect(() => {
    if (documentIds) load();
  }, [documentIds]);

  if (!documentIds) return null;

  const update = async (input: { speakerId: number; caseId?: number | null; newCaseName?: string; isInterviewer?: boolean }) => {
    try {
      await useAppStore.getState().updateSpeaker(input);
      await refresh();
    } catch (err) {
      notifyError(err);
    }
  };

  const allSpeakers = documents.flatMap((d) => d.speakers);
  // how many speakers the documents before each have (the first FIRST_ROWS rows are drawn at once)
  const speakersBefore = documents.reduce<number[]>((acc, d, i) => [...acc, i === 0 ? 0 : acc[i - 1]! + documents[i - 1]!.speakers.length], []);
  const unlinked = allSpeakers.filter((sp) => !sp.participant && !sp.isInterviewer);
  const tick = (id: number, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(id);
    else next.delete(id);
    setTicked(next);
  };
  const BULK_DONE = {
    linkByName: (n: number) => `${countOf(n, 'speaker')} linked to the participant of the same name.`,
    createParticipants: (n: number) => `${countOf(n, 'speaker')} linked to new participants.`,
    interviewer: (n: number) => `${countOf(n, 'speaker')} marked as the interviewer.`,
    unlink: (n: number) => `${countOf(n, 'speaker')} unlinked.`,
  } as const;
  const bulk = async (action: keyof typeof BULK_DONE) => {
    if (!ticked.size) return;
    try {
      const n = await useAppStore.getState().bulkUpdateSpeakers({ speakerIds: [...ticked], action });
      notify('info', BULK_DONE[action](n), n < ticked.size ? `${countOf(ticked.size - n, 'speaker')} left as they were (already linked, the interviewer, or no participant of that name).` : 'Undo takes this back in one step.');
      setTicked(new Set());
      await refresh();
    } catch (err) {
      notifyError(err);
    }
  };

  const chooseCsv = async (file: File | undefined) => {
    if (!file) return;
    try {
      const preview = await useAppStore.getState().previewParticipantsCsv(file);
      setCsv({ file, preview, kinds: Object.fromEntries(preview.attributes.map((a) => [a.name, a.kind])) });
    } catch (err) {
      notifyError(err);
    }
  };

  const importCsv = async () => {
    if (!csv) return;
    try {
      const r = await useAppStore.getState().importParticipantsCsv(csv.file, csv.kinds);
      notify('info', 'Participants imported', `${r.created} new, ${r.updated} updated; ${r.linkedSpeakers} speakers linked by name.`);
      setCsv(null);
      await refresh();
    } catch (err) {
      notifyError(err);
    }
  };

  return (
    <Modal title="Speakers and participants" onClose={() => close(null)} className="wide">
        <div className="csv-import">
          <label className="button-like">
            Import participants from CSV…
            <input type="file" accept=".csv,text/csv" hidden aria-label="Participants CSV" onChange={(e) => void chooseCsv(e.target.files?.[0])} />
          </label>
          <span className="muted small">One row per participant: a name column, then attributes (e.g. role, age, gender).</span>
        </div>
        {csv ? (
          <section className="csv-preview" aria-label="Participants table preview">
            <p>
              <strong>{csv.file.name}</strong>: {csv.preview.participants.length} participants ({csv.preview.participants.slice(0, 6).join(', ')}
              {csv.preview.participants.length > 6 ? '…' : ''}). Check the attribute types:
            </p>
            <table className="report-table">
              <thead>
                <tr>
                  <th>Attribute</th>
                  <th>Type</th>
                  <th>Values</th>
                </tr>
              </thead>
              <tbody>
                {csv.preview.attributes.map((a) => (
                  <tr key={a.name}>
                    <td>{a.name}</td>
                    <td>
                      <select
                        aria-label={`Type of ${a.name}`}
                        value={csv.kinds[a.name]}
                        onChange={(e) => setCsv({ ...csv, kinds: { ...csv.kinds, [a.name]: e.target.value as Kind } })}
                      >
                        {KINDS.map((k) => (
                          <option key={k} value={k}>
                            {KIND_LABELS[k]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="muted small">{a.values.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {csv.preview.warnings.map((w, i) => (
              <p key={i} className="muted small">
                ⚠ {w}
              </p>
            ))}
            <div className="modal-actions">
              <button type="button" onClick={() => setCsv(null)}>
                Cancel
              </button>
              <button type="button" className="primary" onClick={() => void importCsv()}>
                Import participants
              </button>
            </div>
          </section>
        ) : null}
        {allSpeakers.length ? (
          <div className="speaker-bulk" role="toolbar" aria-label="Bulk actions on the ticked speakers">
            <label>
              <input
                type="checkbox"
                checked={ticked.size > 0 && ticked.size === allSpeakers.length}
                ref={(el) => {
                  if (el) el.indeterminate = ticked.size > 0 && ticked.size < allSpeakers.length;
                }}
                onChange={(e) => setTicked(new Set(e.target.checked ? allSpeakers.map((sp) => sp.id) : []))}
              />{' '}
              All speakers
            </label>
            <button type="button" onClick={() => setTicked(new Set(unlinked.map((sp) => sp.id)))} disabled={!unlinked.length}>
              Tick the unlinked ({unlinked.length})
            </button>
            <span className="muted small" aria-live="polite">
              {countOf(ticked.size, 'speaker')} ticked
            </span>
            <span className="speaker-bulk-actions">
              <button type="button" disabled={!ticked.size} onClick={() => void bulk('linkByName')}>
                Link by name
              </button>
              <button type="button" disabled={!ticked.size} onClick={() => void bulk('createParticipants')}>
                Create participants
              </button>
              <button type="button" disabled={!ticked.size} onClick={() => void bulk('interviewer')}>
                Mark as interviewer
              </button>
              <button type="button" disabled={!ticked.size} onClick={() => void bulk('unlink')}>
                Unlink
              </button>
            </span>
          </div>
        ) : null}
        {documents.map((d, i) => (
          <section key={d.id} className="speaker-doc" aria-label={`Speakers in ${d.name}`}>
            <h3>{d.name}</h3>
            {d.speakers.length === 0 ? <p className="muted small">No speaker turns were recognised in this document.</p> : null}
            <WhenNear rows={d.speakers.length} drawn={speakersBefore[i]! < FIRST_ROWS}>
              <table className="report-table">
                <tbody>
                  {d.speakers.map((sp) => (
                    <tr key={sp.id}>
                      <td className="speaker-tick">
                        <input type="checkbox" aria-label={`Tick ${sp.name} in ${d.name}`} checked={ticked.has(sp.id)} onChange={(e) => tick(sp.id, e.target.checked)} />
                      </td>
                      <td>
                        <strong>{sp.name}</strong> <span className="muted small">({countOf(sp.turns, 'turn')})</span>
                      </td>
                      <td>
                        <select
                          aria-label={`Participant for ${sp.name} in ${d.name}`}
                          value={sp.isInterviewer ? 'interviewer' : sp.participant ? `case:${cases.find((c) => c.name === sp.participant)?.id ?? ''}` : ''}
                          onChange={(e) => {
                            const v = e.target.value;
                            if (v === 'interviewer') void update({ speakerId: sp.id, isInterviewer: true });
                            else if (v === 'new') void update({ speakerId: sp.id, newCaseName: sp.name, isInterviewer: false });
                            else if (v === '') void update({ speakerId: sp.id, caseId: null, isInterviewer: false });
                            else void update({ speakerId: sp.id, caseId: Number(v.slice(5)), isInterviewer: false });
                          }}
                        >
                          <option value="">— not linked —</option>
                          <option value="interviewer">Interviewer (exclude from analysis)</option>
                          {cases.map((c) => (
                            <option key={c.id} value={`case:${c.id}`}>
                              {c.name}
                              {c.attributes.role ? ` (${c.attributes.role})` : ''}
                            </option>
                          ))}
                          {!cases.some((c) => c.name.toLowerCase() === sp.name.toLowerCase()) ? (
                            <option value="new">New participant “{sp.name}”</option>
                          ) : null}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </WhenNear>
          </section>
        ))}
        <div className="modal-actions">
          <button type="button" className="primary" onClick={() => close(null)}>
            Done
          </button>
        </div>
    </Modal>
  );
}

/**
 * A document's speaker rows, drawn once they come within a screen of the dialog's visible part
 * (and kept): each row's select lists every participant, so a project with hundreds of speakers
 * and participants would otherwise build tens of thousands of options before the dialog shows.
 * Until then a blank of about the rows' height keeps the scrollbar true.
 */
function WhenNear({ rows, drawn, children }: { rows: number; drawn: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(drawn);
  useEffect(() => {
    const el = ref.current;
    if (near || !el) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), {
      root: el.closest('dialog'),
      rootMargin: '100% 0px',
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [near]);
  if (near) return children;
  return <div ref={ref} className="speaker-rows-pending" style={{ height: `${rows * 2.4}rem` }} />;
}
