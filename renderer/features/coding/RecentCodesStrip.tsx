/**
 * The recent-codes strip: a slim row under the coding toolbar with the last-used codes (keys 1–9,
 * most recent first). It shows as many chips as fit its width — each at least MIN_CHIP_REM wide
 * (or its whole name when that is shorter), long names cut with an ellipsis and whole in the
 * tooltip — and the rest behind a “+N” menu. It never scrolls sideways.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { MenuButton } from '../../components/Menu';
import { useAppStore, type AppState } from '../../store';

const selectRecent = (s: AppState) => s.recentCodeIds;
const selectCodes = (s: AppState) => s.codes;
const selectSelection = (s: AppState) => s.selection;

/** The narrowest a chip is drawn before it goes behind “+N” (a chip with a shorter name keeps its own width). */
const MIN_CHIP_REM = 8.5;

/**
 * How many chips fit: the largest k whose floors (each chip's narrowest width), the gaps between
 * them and — when some are left over — the “+N” button fit in `available`.
 */
function chipsThatFit(floors: number[], available: number, gap: number, more: number): number {
  let used = 0;
  let fit = 0;
  for (let k = 1; k <= floors.length; k++) {
    used += floors[k - 1]! + (k > 1 ? gap : 0);
    const rest = k < floors.length ? gap + more : 0;
    if (used + rest > available) break;
    fit = k;
  }
  return fit;
}

export function RecentCodesStrip() {
  const recent = useAppStore(selectRecent);
  const codes = useAppStore(selectCodes);
  const selection = useAppStore(selectSelection);
  const recentCodes = useMemo(() => {
    const byId = new Map(codes.map((c) => [c.id, c]));
    return recent.map((id) => byId.get(id)).filter((c) => c !== undefined);
  }, [codes, recent]);
  const st = useAppStore.getState;

  const rowRef = useRef<HTMLDivElement>(null);
  const rulerRef = useRef<HTMLDivElement>(null);
  // the chips' narrowest widths, measured on an invisible copy drawn at their natural width
  const [floors, setFloors] = useState<number[]>([]);
  const [moreWidth, setMoreWidth] = useState(0);
  const [available, setAvailable] = useState(0);
  const [gap, setGap] = useState(0);

  useLayoutEffect(() => {
    const ruler = rulerRef.current;
    if (!ruler) return;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const chips = [...ruler.querySelectorAll<HTMLElement>('.recent-code')];
    setFloors(chips.map((el) => Math.min(Math.ceil(el.getBoundingClientRect().width), Math.ceil(MIN_CHIP_REM * rem))));
    setMoreWidth(Math.ceil(ruler.querySelector<HTMLElement>('.recent-more')?.getBoundingClientRect().width ?? 0));
  }, [recentCodes]);

  useLayoutEffect(() => {
    const row = rowRef.current;
    if (!row) return;
    const measure = () => {
      const style = getComputedStyle(row);
      setAvailable(row.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
      setGap(parseFloat(style.columnGap) || 0);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(row);
    return () => observer.disconnect();
  }, []);

  const fit = floors.length === recentCodes.length ? chipsThatFit(floors, available, gap, moreWidth) : recentCodes.length;
  const shown = recentCodes.slice(0, fit);
  const hidden = recentCodes.slice(fit);

  return (
    <div ref={rowRef} className="recent-codes" role="group" aria-label="Recent codes">
      {recentCodes.length === 0 ? <span className="muted small">Recent codes appear here (keys 1–9)</span> : null}
      {shown.map((c, i) => (
        <button
          key={c.id}
          type="button"
          className="recent-code"
          style={{ minWidth: floors[i] }}
          disabled={!selection}
          aria-label={`Apply recent code ${i + 1}: ${c.name}`}
          title={`Apply “${c.name}” to the selection (key ${i + 1})`}
          onClick={() => void st().applyCode(c.id)}
        >
          <kbd>{i + 1}</kbd>
          <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
          <span className="recent-name">{c.name}</span>
        </button>
      ))}
      {hidden.length > 0 ? (
        <MenuButton
          label={`${hidden.length} more recent codes`}
          title={`${hidden.length} more recent codes: ${hidden.map((c, i) => `${fit + i + 1} ${c.name}`).join(' · ')}`}
          className="recent-more"
          items={[
            ...(selection ? [] : [{ label: 'Select words to apply one', onSelect() {}, heading: true }]),
            ...hidden.map((c, i) => ({ label: `${fit + i + 1} ${c.name}`, title: c.name, disabled: !selection, onSelect: () => void st().applyCode(c.id) })),
          ]}
        >
          +{hidden.length}
        </MenuButton>
      ) : null}
      {/* an invisible copy at natural width, to measure how wide each chip would like to be */}
      <div ref={rulerRef} className="recent-ruler" aria-hidden="true">
        {recentCodes.map((c, i) => (
          <span key={c.id} className="recent-code">
            <kbd>{i + 1}</kbd>
            <span className="swatch" />
            <span className="recent-name">{c.name}</span>
          </span>
        ))}
        <span className="recent-more">+{recentCodes.length}</span>
      </div>
    </div>
  );
}
