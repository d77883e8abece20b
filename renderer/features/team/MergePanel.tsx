import { useState } from 'react';
import type { MergeCounts, MergeSummary } from '../../../shared/types/team';
import { FileDialog } from '../../components/FileDialog';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';
import { baseName } from '../../browser/files';
import { ArchiveLimitsFields } from '../exchange/ArchiveLimitsFields';
import { plural } from './format';

const NOUNS: Record<keyof MergeCounts, string> = {
  documents: 'document',
  codes: 'code',
  coders: 'coder',
  codings: 'coding',
  cases: 'case',
  attributes: 'attribute',
  attributeValues: 'attribute value',
  themes: 'theme',
  sets: 'set',
  memos: 'memo',
};
const describe = (counts: Partial<MergeCounts>) =>
  (Object.entries(counts) as [keyof MergeCounts, number][])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => plural(n, NOUNS[k]))
    .join(', ') || 'nothing';

function SummaryView({ summary }: { summary: MergeSummary }) {
  return (
    <div>
      <dl className="merge-summary">
        <dt>{summary.dryRun ? 'Will add' : 'Added'}</dt>
        <dd data-testid="merge-added">{describe(summary.added)}</dd>
        <dt>Already here (matched)</dt>
        <dd>{describe({ ...summary.matched, codings: summary.alreadyPresent.codings, memos: summary.alreadyPresent.memos })}</dd>
        {summary.codingsByCoder.length ? (
          <>
            <dt>New codings by coder</dt>
            <dd>{summary.codingsByCoder.map((c) => `${c.coder}: ${c.codings}`).join(', ')}</dd>
          </>
        ) : null}
        {summary.addedNames.documents.length ? (
          <>
            <dt>New documents</dt>
            <dd>{summary.addedNames.documents.join(', ')}</dd>
          </>
        ) : null}
        {summary.addedNames.codes.length ? (
          <>
            <dt>New codes</dt>
            <dd>{summary.addedNames.codes.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {summary.conflicts.length ? (
        <>
          <h4>Values that differ (this project’s value is kept)</h4>
          <ul>
            {summary.conflicts.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </>
      ) : null}
      {summary.warnings.length ? (
        <>
          <h4>Warnings</h4>
          <ul>
            {summary.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The review dialog: what the merge will add, and a decision for each ambiguous code match. */
function MergeDialog() {
  const preview = useAppStore((s) => s.mergePreview);
  const result = useAppStore((s) => s.mergeResult);
  const path = useAppStore((s) => s.mergePath);
  const error = useAppStore((s) => s.mergeError);
  const previewMerge = useAppStore((s) => s.previewMerge);
  const decisions = useAppStore((s) => s.mergeDecisions);
  const setDecision = useAppStore((s) => s.setMergeDecision);
  const applyMerge = useAppStore((s) => s.applyMerge);
  const closeMerge = useAppStore((s) => s.closeMerge);
  const busy = useAppStore((s) => s.teamBusy);
  if (!preview && !result && !(error && path)) return null;
  const title = result ? `Merged ${result.source}` : preview ? `Merge ${preview.summary.source}` : `Merge ${baseName(path!)}`;
  // a .weft is opened as it is; a .qdpx (or .qde) is read within the caps, which can be raised here
  const limits = !result && path !== null && !/\.weft$/i.test(path);
  return (
    <Modal title={title} label={result ? 'Merge summary' : 'Review merge'} onClose={closeMerge} busy={busy !== null} className="wide">
        {result ? (
          <SummaryView summary={result} />
        ) : !preview ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : (
          <>
            <SummaryView summary={preview!.summary} />
            {preview!.reviews.length ? (
              <>
                <h3>Codes to review ({preview!.reviews.length})</h3>
                <p className="team-note">These codes from the other file resemble codes here without matching them exactly. Choose what happens to each; the choice is remembered for later merges of the same file.</p>
                <ul className="merge-reviews">
                  {preview!.reviews.map((r) => {
                    const d = decisions[r.incomingGuid] ?? r.suggested;
                    const value = d.action === 'merge' ? `merge:${d.targetId}` : 'new';
                    return (
                      <li key={r.incomingGuid}>
                        <label>
                          <strong>{r.incomingPath}</strong>{' '}
                          <span className="muted small">
                            ({r.reason === 'guid-moved' ? 'the same code, renamed or moved in one copy' : 'same name elsewhere'}; {plural(r.codings, 'coding')})
                          </span>{' '}
                          <select
                            aria-label={`Decision for ${r.incomingPath}`}
                            value={value}
                            onChange={(e) =>
                              setDecision(r.incomingGuid, e.target.value === 'new' ? { action: 'new' } : { action: 'merge', targetId: Number(e.target.value.slice(6)) })
                            }
                          >
                            {r.candidates.map((c) => (
                              <option key={c.id} value={`merge:${c.id}`}>
                                Same as “{c.path}” here
                              </option>
                            ))}
                            <option value="new">Add as a code of its own</option>
                          </select>
                        </label>
                      </li>
                    );
                  })}
                </ul>
              </>
            ) : null}
          </>
        )}
        {limits ? <ArchiveLimitsFields onReadAgain={busy === null ? () => void previewMerge(path) : undefined} /> : null}
        <div className="modal-actions">
          {result ? (
            <button type="button" className="primary" onClick={closeMerge}>
              Close
            </button>
          ) : (
            <>
              <button type="button" onClick={closeMerge}>
                Cancel
              </button>
              <button type="button" className="primary" disabled={busy !== null || !preview} onClick={() => void applyMerge()}>
                Merge
              </button>
            </>
          )}
        </div>
    </Modal>
  );
}

export function MergePanel() {
  const merges = useAppStore((s) => s.merges);
  const previewMerge = useAppStore((s) => s.previewMerge);
  const busy = useAppStore((s) => s.teamBusy);
  const [choosing, setChoosing] = useState(false);
  return (
    <section aria-label="Merge">
      <h2>Merge another copy</h2>
      <p className="team-note">
        Bring in the work of a colleague who coded their own copy of this project (a .weft file), or a project from another program (.qdpx). Documents are matched by their text, codes by
        identity and then by name; codings keep their coder. Nothing here is overwritten, and merging the same file again adds nothing. You see what will be added before anything is written.
      </p>
      <button type="button" className="primary" disabled={busy !== null} onClick={() => setChoosing(true)}>
        Merge a file…
      </button>
      {busy ? (
        <span className="muted" role="status">
          {' '}
          {busy}
        </span>
      ) : null}
      <h3>Merges into this project</h3>
      {merges.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table className="team-table" aria-label="Merge history">
          <thead>
            <tr>
              <th>When</th>
              <th>File</th>
              <th>By</th>
              <th>Added</th>
            </tr>
          </thead>
          <tbody>
            {merges.map((m) => (
              <tr key={m.id}>
                <td>{new Date(m.mergedAt).toLocaleString()}</td>
                <td>{m.source}</td>
                <td>{m.mergedBy ?? '—'}</td>
                <td>{describe(m.added)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {choosing ? (
        <FileDialog
          title="Merge a project file"
          mode="open"
          confirmLabel="Review merge"
          extensions={['weft', 'qdpx', 'qde']}
          onCancel={() => setChoosing(false)}
          onConfirm={([path]) => {
            setChoosing(false);
            if (path) void previewMerge(path);
          }}
        >
          <ArchiveLimitsFields onReadAgain={undefined} />
        </FileDialog>
      ) : null}
      <MergeDialog />
    </section>
  );
}
