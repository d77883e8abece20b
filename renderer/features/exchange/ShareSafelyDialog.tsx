/**
 * Share safely (pseudonymised copy), issue 16: edit the identifying terms (seeded from participants
 * and speakers, with suggestions), review every replacement in context and what may remain, then
 * write a NEW pseudonymised project and its key, encrypted with a passphrase. This project is not
 * changed. All texts are rendered as text.
 */
import { countOf } from '../../../shared/domain/plural';
import { useEffect, useState } from 'react';
import { FileDialog } from '../../components/FileDialog';
import { Modal } from '../../components/Modal';
import { CopyJobProgress, KeyFileFields, keyPathFor, useKeyFile } from './KeyFileFields';
import { useAppStore } from '../../store';
import type { PseudonymisePlace } from '../../../shared/types/pseudonymise';
import './exchange.css';

const MIN_PASSPHRASE = 8;
const where = (p: PseudonymisePlace) => `${p.what} “${p.label}” (${p.column})`;

export function ShareSafelyDialog({ onClose }: { onClose(): void }) {
  const terms = useAppStore((s) => s.shareTerms);
  const suggestions = useAppStore((s) => s.shareSuggestions);
  const preview = useAppStore((s) => s.sharePreview);
  const result = useAppStore((s) => s.shareResult);
  const busy = useAppStore((s) => s.shareBusy);
  const error = useAppStore((s) => s.shareError);
  const start = useAppStore((s) => s.startShare);
  const setTerms = useAppStore((s) => s.setShareTerms);
  const review = useAppStore((s) => s.reviewShare);
  const write = useAppStore((s) => s.writeShare);
  const closeShare = useAppStore((s) => s.closeShare);
  const job = useAppStore((s) => s.shareJob);
  const cancelJob = useAppStore((s) => s.cancelShare);
  const [path, setPath] = useState('');
  const key = useKeyFile(() => '');
  const { keyPath, setKeyPath, passphrase } = key;
  const [again, setAgain] = useState('');
  const [choosing, setChoosing] = useState<'copy' | 'key' | null>(null);

  useEffect(() => {
    void start();
    return () => closeShare();
  }, [start, closeShare]);

  const close = () => {
    closeShare();
    onClose();
  };
  const update = (i: number, patch: Partial<{ term: string; pseudonym: string }>) => setTerms(terms.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  const passphraseProblem =
    passphrase.length > 0 && Array.from(passphrase).length < MIN_PASSPHRASE
      ? `The passphrase must be at least ${MIN_PASSPHRASE} characters long.`
      : again.length > 0 && again !== passphrase
        ? 'The two passphrases differ.'
        : null;
  const canWrite = preview !== null && path.trim() !== '' && keyPath.trim() !== '' && Array.from(passphrase).length >= MIN_PASSPHRASE && again === passphrase && busy === null;

  return (
    <Modal title="Share safely (pseudonymised copy)" label="Share safely" onClose={close} busy={busy !== null} className="wide exchange-dialog share-dialog">
      <p className="muted small">
        Writes a new project in which every identifying term is replaced by its pseudonym — in the texts, speakers, participants,
        attributes, codes, themes and memos — with every coding moved to match. This project is not changed. The key, which can undo the
        replacement, is written to a separate file encrypted with your passphrase: keep it apart from the copy, and do not lose the
        passphrase (it cannot be recovered).
      </p>
      <section aria-label="Identifying terms" className="exchange-preview">
        <table className="share-terms">
          <thead>
            <tr>
              <th scope="col">Identifying term</th>
              <th scope="col">Pseudonym</th>
              <th scope="col">
                <span className="muted small">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {terms.map((t, i) => (
              <tr key={i}>
                <td>
                  <input value={t.term} aria-label={`Term ${i + 1}`} spellCheck={false} onChange={(e) => update(i, { term: e.target.value })} />
                </td>
                <td>
                  <input value={t.pseudonym} aria-label={`Pseudonym ${i + 1}`} spellCheck={false} onChange={(e) => update(i, { pseudonym: e.target.value })} />
                </td>
                <td>
                  <button type="button" aria-label={`Remove term ${i + 1}`} onClick={() => setTerms(terms.filter((_, j) => j !== i))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="exchange-row">
          <button type="button" onClick={() => setTerms([...terms, { term: '', pseudonym: '' }])}>
            Add a term
          </button>
        </div>
        {suggestions.length > 0 ? (
          <div className="exchange-row" role="group" aria-label="Suggested terms">
            <span className="muted small">Recurring capitalised words:</span>
            {suggestions
              .filter((s) => !terms.some((t) => t.term.trim().toLowerCase() === s.term.toLowerCase()))
              .slice(0, 20)
              .map((s) => (
                <button
                  key={s.term}
                  type="button"
                  className="small"
                  title={`In ${s.documents} documents`}
                  onClick={() => setTerms([...terms, { term: s.term, pseudonym: '[name]' }])}
                >
                  + {s.term}
                </button>
              ))}
          </div>
        ) : null}
      </section>
      <div className="exchange-row">
        <button type="button" className={preview ? undefined : 'primary'} disabled={busy !== null} onClick={() => void review()}>
          Review replacements
        </button>
        {busy ? (
          <span role="status" className="muted">
            {busy}
          </span>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="error-text">
          {error}
        </p>
      ) : null}
      {preview ? (
        <section aria-label="Review" className="exchange-preview">
          <p role="status" aria-label="Review summary">
            {preview.replacementsTotal} replacements; {preview.documentsChanged} documents changed; {preview.codingsMoved} codings moved
            {preview.codingsAdjusted > 0 ? ` (${preview.codingsAdjusted} began or ended inside a name and now take its whole pseudonym)` : ''}.
          </p>
          <ul className="share-list" aria-label="Replacements">
            {preview.replacements.map((r, i) => (
              <li key={i}>
                <span className="muted small">{where(r)}: </span>…{r.before}
                <mark>
                  {r.match} → {r.replacement}
                </mark>
                {r.after}…
              </li>
            ))}
          </ul>
          {preview.residueTotal === 0 ? (
            <p className="muted small">No remaining occurrences found (terms inside words, parts of terms, near-misspellings).</p>
          ) : (
            <>
              <h3>To check by hand ({preview.residueTotal}, not replaced)</h3>
              <ul className="share-list" aria-label="To check by hand">
                {preview.residue.map((r, i) => (
                  <li key={i}>
                    <span className="muted small">{where(r)}: </span>…{r.before}
                    <mark>{r.match}</mark>
                    {r.after}… <span className="muted small">({r.kind.replace(/-/g, ' ')} of “{r.term}”)</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <label className="field">
            <span>Pseudonymised copy</span>
            <span className="exchange-row">
              <input
                value={path}
                aria-label="Pseudonymised copy"
                spellCheck={false}
                onChange={(e) => {
                  setPath(e.target.value);
                  if (!keyPath || keyPath === keyPathFor(path)) setKeyPath(keyPathFor(e.target.value));
                }}
              />
              <button type="button" onClick={() => setChoosing('copy')}>
                Choose…
              </button>
            </span>
          </label>
          <KeyFileFields
            state={key}
            onChooseKey={() => setChoosing('key')}
            passphraseCaption="Passphrase for the key"
            autoComplete="new-password"
            again={{ value: again, onChange: setAgain }}
          />
          {passphraseProblem ? <p className="error-text small">{passphraseProblem}</p> : null}
        </section>
      ) : null}
      {job ? <CopyJobProgress job={job} label="Pseudonymisation progress" onCancel={() => void cancelJob()} /> : null}
      {result ? (
        <p role="status" aria-label="Written" className="share-result">
          Wrote the pseudonymised copy {result.path} and its key {result.keyPath}.
          {result.recordingsUnlinked > 0
            ? ` ${countOf(result.recordingsUnlinked, 'recording')} not linked in the copy (a recording identifies its speakers); the key keeps the links.`
            : ''}
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" onClick={close}>
          {result ? 'Close' : 'Cancel'}
        </button>
        <button type="button" className="primary" disabled={!canWrite} onClick={() => void write(path.trim(), keyPath.trim(), passphrase)}>
          Write pseudonymised copy
        </button>
      </div>
      {choosing ? (
        <FileDialog
          title={choosing === 'copy' ? 'Pseudonymised copy' : 'Key file'}
          mode="save"
          confirmLabel="Use this file"
          extensions={[choosing === 'copy' ? 'weft' : 'weftkey']}
          initialName={choosing === 'copy' ? 'Pseudonymised copy.weft' : 'Pseudonymised copy.weftkey'}
          onCancel={() => setChoosing(null)}
          onConfirm={([chosen]) => {
            const which = choosing;
            setChoosing(null);
            if (!chosen) return;
            if (which === 'copy') {
              setPath(chosen);
              if (!keyPath) setKeyPath(keyPathFor(chosen));
            } else setKeyPath(chosen);
          }}
        />
      ) : null}
    </Modal>
  );
}
