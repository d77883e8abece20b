import { useEffect, useRef, useState } from 'react';
import type { ConsensusDecision, Disagreement, DisagreementCoding } from '../../../shared/types/team';
import { useAppStore } from '../../store';
import { CoderSelect, defaultPair } from './CoderSelect';
import { plural } from './format';

const DECISIONS: { key: string; decision: ConsensusDecision; label: (a: string, b: string) => string }[] = [
  { key: '1', decision: 'a', label: (a) => `Accept ${a}` },
  { key: '2', decision: 'b', label: (_a, b) => `Accept ${b}` },
  { key: '3', decision: 'both', label: () => 'Both' },
  { key: '0', decision: 'neither', label: () => 'Neither' },
];

const DECISION_TEXT: Record<ConsensusDecision, (a: string, b: string) => string> = {
  a: (a) => `${a}’s codes`,
  b: (_a, b) => `${b}’s codes`,
  both: () => 'both',
  neither: () => 'neither',
};

function Side({ title, codings, item }: { title: string; codings: DisagreementCoding[]; item: Disagreement }) {
  return (
    <div className="walk-side" role="group" aria-label={title}>
      <h4>{title}</h4>
      {codings.length === 0 ? (
        <p className="muted">Did not code this passage.</p>
      ) : (
        <ul>
          {codings.map((k) => {
            const quote = item.extract.slice(k.start - item.start, k.end - item.start);
            return (
              <li key={k.codingId}>
                <span className="walk-code">
                  <span className="swatch" style={{ background: k.color }} aria-hidden="true" />
                  {k.code}
                </span>
                <span className="walk-quote">“{quote.length > 200 ? `${quote.slice(0, 200)}…` : quote}”</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** Walks the disagreements one by one; Left/Right move, 1 = A, 2 = B, 3 = both, 0 = neither. */
function Walk() {
  const c = useAppStore((s) => s.consensus)!;
  const index = useAppStore((s) => s.consensusIndex);
  const move = useAppStore((s) => s.moveConsensus);
  const goTo = useAppStore((s) => s.goToConsensus);
  const decide = useAppStore((s) => s.decideConsensus);
  const close = useAppStore((s) => s.closeConsensus);
  const ref = useRef<HTMLDivElement>(null);
  const item = c.items[index];
  const a = c.coderA.name;
  const b = c.coderB.name;

  useEffect(() => {
    ref.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const el = e.target as HTMLElement;
      if (el.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], dialog')) return;
      if (e.key === 'ArrowLeft') move(-1);
      else if (e.key === 'ArrowRight') move(1);
      else {
        const d = DECISIONS.find((x) => x.key === e.key);
        if (!d) return;
        void decide(d.decision);
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, decide]);

  return (
    <div className="walk" ref={ref} tabIndex={-1} role="region" aria-label="Disagreement">
      <div className="walk-head">
        <strong>
          {c.items.length === 0 ? 'No disagreements' : `Disagreement ${index + 1} of ${c.items.length}`}
          {item ? ` · ${item.document}` : ''}
        </strong>
        <span className="muted" data-testid="consensus-progress">
          {c.decided} of {c.items.length} decided · {plural(c.agreements, 'agreement')} copied automatically · {c.consensus.name} has {plural(c.consensusCodings, 'coding')}
        </span>
      </div>
      {item ? (
        <>
          <blockquote className="walk-extract" aria-label="Extract">
            {item.extract}
          </blockquote>
          <div className="walk-sides">
            <Side title={`${a} (A)`} codings={item.a} item={item} />
            <Side title={`${b} (B)`} codings={item.b} item={item} />
          </div>
          <p className="muted" role="status" aria-label="Decision">
            {item.decision ? `Decided: ${DECISION_TEXT[item.decision](a, b)}` : 'Not decided yet'}
          </p>
          <div className="walk-actions">
            <button type="button" onClick={() => move(-1)} disabled={index === 0} aria-keyshortcuts="ArrowLeft">
              ← Previous
            </button>
            {DECISIONS.map((d) => (
              <button key={d.key} type="button" aria-pressed={item.decision === d.decision} aria-keyshortcuts={d.key} onClick={() => void decide(d.decision)}>
                {d.label(a, b)}
                <kbd>{d.key}</kbd>
              </button>
            ))}
            <button type="button" onClick={() => move(1)} disabled={index >= c.items.length - 1} aria-keyshortcuts="ArrowRight">
              Next →
            </button>
          </div>
        </>
      ) : (
        <p>
          {a} and {b} agree everywhere{c.agreements ? `; the ${plural(c.agreements, 'agreement')} are in ${c.consensus.name}` : ''}.
        </p>
      )}
      {c.items.length > 1 ? (
        <ol className="walk-list" aria-label="All disagreements">
          {c.items.map((x, i) => (
            <li key={x.key}>
              <button
                type="button"
                className={`${x.decision ? 'decided' : ''} ${i === index ? 'current' : ''}`}
                aria-current={i === index ? 'step' : undefined}
                title={`${x.document}: ${x.extract.slice(0, 80)}${x.decision ? ` — ${DECISION_TEXT[x.decision](a, b)}` : ''}`}
                onClick={() => goTo(i)}
              >
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="walk-actions">
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </div>
  );
}

export function ConsensusPanel() {
  const coders = useAppStore((s) => s.coders);
  const consensus = useAppStore((s) => s.consensus);
  const start = useAppStore((s) => s.startConsensus);
  const busy = useAppStore((s) => s.teamBusy);
  const [chosenPair, setPair] = useState<[number | null, number | null]>(() => defaultPair(coders));
  // until the coders are loaded there is no pair to choose: the default follows them
  const pair: [number | null, number | null] = chosenPair[0] === null && coders.length ? defaultPair(coders) : chosenPair;
  const [name, setName] = useState('Consensus');
  const [overlap, setOverlap] = useState(90);
  const ok = pair[0] !== null && pair[1] !== null && pair[0] !== pair[1] && name.trim() !== '' && overlap > 0 && overlap <= 100;

  return (
    <section aria-label="Consensus">
      <h2>Consensus</h2>
      <p className="team-note">
        Where two coders agree (same code, passages overlapping by at least the given share), the coding goes into the consensus set automatically. Then walk through every disagreement and
        decide: keep A’s codes, B’s, both, or neither. The consensus set is a coder of its own; show it in the document, compare it, or save it as a project for themes and reports. Decisions are
        kept, so you can stop and resume.
      </p>
      {consensus ? (
        <Walk />
      ) : (
        <form
          className="team-controls"
          onSubmit={(e) => {
            e.preventDefault();
            if (ok) void start({ coderA: pair[0]!, coderB: pair[1]!, name: name.trim(), minOverlapPercent: overlap });
          }}
        >
          <CoderSelect label="Coder A" value={pair[0]} onChange={(id) => setPair([id, pair[1]])} />
          <CoderSelect label="Coder B" value={pair[1]} onChange={(id) => setPair([pair[0], id])} />
          <label>
            Consensus set
            <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
          </label>
          <label>
            Agreement overlap (%)
            <input type="number" min={1} max={100} value={overlap} onChange={(e) => setOverlap(Number(e.target.value))} />
          </label>
          <button type="submit" className="primary" disabled={!ok || busy !== null}>
            Start consensus
          </button>
        </form>
      )}
    </section>
  );
}
