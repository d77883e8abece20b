/**
 * Phase 4, reviewing themes: every extract under a theme's codes, grouped by code or by
 * participant, how many participants and documents contribute (split by a case attribute), and
 * the extracts chosen as illustrative quotes. Memos on the theme sit beside them.
 */
import { useState } from 'react';
import { InterviewerToggle } from '../analysis/InterviewerToggle';
import { flattenThemes, groupExtracts } from '../../../shared/themes/tree';
import type { ThemeExtract } from '../../../shared/types/themes';
import { useAppStore } from '../../store';
import { confirmAction } from '../../components/ConfirmDialog';
import { QuoteAttributesPicker } from './QuoteAttributesPicker';
import { PassageTime } from '../media/PassageTime';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Extract({ e, themeId }: { e: ThemeExtract; themeId: number }) {
  const toggleQuote = useAppStore((s) => s.toggleQuote);
  const on = e.quote !== null;
  return (
    <li className={`extract${on ? ' is-quote' : ''}`} data-coding={e.codingId}>
      <PassageTime documentId={e.documentId} start={e.start} end={e.end} time={e.time} />
      <blockquote style={{ borderLeftColor: e.codeColor }}>{e.text}</blockquote>
      <div className="extract-meta small">
        <span>{e.attribution}</span>
        <span className="muted">
          {e.documentName} · {e.codePath}
        </span>
        <button type="button" className={on ? 'quote-toggle on' : 'quote-toggle'} aria-pressed={on} aria-label={`Illustrative quote: ${e.text.slice(0, 60)}`} onClick={() => void toggleQuote(themeId, e.codingId, !on)}>
          {on ? `★ Quote ${e.quote}` : '☆ Illustrative quote'}
        </button>
      </div>
    </li>
  );
}

function Memos({ themeId }: { themeId: number }) {
  const review = useAppStore((s) => s.review);
  const save = useAppStore((s) => s.saveThemeMemo);
  const remove = useAppStore((s) => s.deleteThemeMemo);
  const [draft, setDraft] = useState('');
  if (!review) return null;
  return (
    <section className="theme-memos" aria-label="Theme memos">
      <h3>Memos</h3>
      <ul>
        {review.theme.memos.map((m) => (
          <li key={m.id}>
            {m.title ? <strong>{m.title}</strong> : null}
            <p>{m.body}</p>
            <button type="button" className="link-button small" onClick={async () => {
                if (await confirmAction({ title: 'Delete this memo?', message: `“${m.title || m.body.slice(0, 60)}” will be deleted. This cannot be undone.`, confirmLabel: 'Delete memo', destructive: true })) void remove(themeId, m.id);
              }}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!draft.trim()) return;
          await save(themeId, draft.trim());
          setDraft('');
        }}
      >
        <textarea aria-label="New memo on this theme" placeholder="What is this theme’s story? What is still unsure?" rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" disabled={!draft.trim()}>
          Add memo
        </button>
      </form>
    </section>
  );
}

export function ReviewPanel() {
  const tree = useAppStore((s) => s.themeTree);
  const review = useAppStore((s) => s.review);
  const reviewThemeId = useAppStore((s) => s.reviewThemeId);
  const openReview = useAppStore((s) => s.openReview);
  const splitBy = useAppStore((s) => s.reviewSplitBy);
  const by = useAppStore((s) => s.reviewGroupBy);
  const setBy = useAppStore((s) => s.setReviewGroupBy);
  const loadMore = useAppStore((s) => s.loadMoreReview);
  const loadingMore = useAppStore((s) => s.reviewLoadingMore);
  if (!tree) return null;
  const list = flattenThemes(tree.themes);
  if (list.length === 0) return <p className="muted review-empty">No themes yet: build some on the board first.</p>;
  const p = review?.prevalence;
  return (
    <div className="review">
      <nav className="review-themes" aria-label="Themes to review">
        {list.map(({ theme, depth }) => (
          <button
            key={theme.id}
            type="button"
            className={theme.id === reviewThemeId ? 'active' : undefined}
            aria-current={theme.id === reviewThemeId || undefined}
            style={{ paddingLeft: `${0.5 + depth * 0.9}rem` }}
            onClick={() => void openReview(theme.id, splitBy)}
          >
            <span className="swatch" style={{ background: theme.color }} aria-hidden="true" /> {theme.name}
            <span className="muted small"> {theme.quotes.length ? `★${theme.quotes.length}` : ''}</span>
          </button>
        ))}
      </nav>
      {review ? (
        <article className="review-main" aria-label={`Review of ${review.theme.name}`}>
          <header>
            <h2>{review.theme.name}</h2>
            <span className={`status-pill status-${review.theme.status}`}>{review.theme.status}</span>
          </header>
          <p className={review.theme.definition ? 'review-definition' : 'review-definition muted'}>{review.theme.definition || 'No definition yet — write one on the board.'}</p>
          {p ? (
            <section className="prevalence" aria-label="Prevalence">
              <p>
                <strong>{plural(p.codings, 'extract')}</strong> from <strong>{p.participants}</strong> of {plural(p.totalParticipants, 'participant')} and{' '}
                <strong>{p.documents}</strong> of {plural(p.totalDocuments, 'document')}.
              </p>
              {p.attributes.length ? (
                <label className="small">
                  Split by{' '}
                  <select aria-label="Split prevalence by" value={p.attribute ?? ''} onChange={(e) => void openReview(review.theme.id, e.target.value || null)}>
                    <option value="">(none)</option>
                    {p.attributes.map((a) => (
                      <option key={a} value={a}>
                        {a}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              <InterviewerToggle />
              <QuoteAttributesPicker attributes={p.attributes} />
              {p.attribute && p.split.length ? (
                <table className="prevalence-table">
                  <thead>
                    <tr>
                      <th scope="col">{p.attribute}</th>
                      <th scope="col">Participants contributing</th>
                      <th scope="col">Extracts</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.split.map((s) => (
                      <tr key={s.value}>
                        <td>{s.value}</td>
                        <td>
                          <span className="bar" aria-hidden="true">
                            <span style={{ width: `${s.total ? (100 * s.participants) / s.total : 0}%` }} />
                          </span>{' '}
                          {s.participants} of {s.total}
                        </td>
                        <td>{s.codings}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </section>
          ) : null}
          {review.theme.quotes.length ? (
            <section aria-label="Chosen quotes" className="chosen-quotes">
              <h3>Illustrative quotes</h3>
              <ol>
                {review.theme.quotes.map((q) => (
                  <li key={q.codingId}>
                    “{q.text}” <span className="muted">— {q.attribution}</span>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          <div className="group-toggle" role="radiogroup" aria-label="Group extracts by">
            {(['code', 'participant'] as const).map((g) => (
              <button key={g} type="button" role="radio" aria-checked={by === g} className={by === g ? 'active' : undefined} onClick={() => void setBy(g)}>
                By {g}
              </button>
            ))}
          </div>
          {review.total === 0 ? <p className="muted">No extracts: the theme’s codes have not been applied yet.</p> : null}
          {groupExtracts(review.extracts, by).map((g) => (
            <section key={g.key} className="extract-group" aria-label={`Extracts: ${g.label}`}>
              <h3>
                {g.label} <span className="muted small">({review.groups.find((x) => x.key === g.key)?.count ?? g.extracts.length})</span>
              </h3>
              <ul>
                {g.extracts.map((e) => (
                  <Extract key={e.codingId} e={e} themeId={review.theme.id} />
                ))}
              </ul>
            </section>
          ))}
          {review.nextOffset !== null ? (
            <p className="review-more">
              <span className="muted small">
                Showing {review.extracts.length} of {plural(review.total, 'extract')}.
              </span>{' '}
              <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
                {loadingMore ? 'Loading…' : 'Show more'}
              </button>
            </p>
          ) : null}
          <Memos themeId={review.theme.id} />
        </article>
      ) : (
        <p className="muted review-empty">Choose a theme to review.</p>
      )}
    </div>
  );
}
