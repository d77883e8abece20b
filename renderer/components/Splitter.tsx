/**
 * A keyboard-accessible splitter between two panes (the WAI-ARIA window splitter): role
 * "separator", focusable, its value the width of the pane it resizes. ←/→ resize by `step`
 * (Shift: four steps), Home/End to the narrowest/widest, Enter collapses the pane; the mouse drags
 * it, a double-click collapses. `pane` says on which side the resized pane lies.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface SplitterProps {
  /** Accessible name, e.g. "Resize the document list". */
  label: string;
  /** id of the pane it resizes. */
  controls: string;
  pane: 'before' | 'after';
  value: number;
  min: number;
  max: number;
  step: number;
  onChange(width: number): void;
  onCollapse(): void;
}

export function Splitter({ label, controls, pane, value, min, max, step, onChange, onCollapse }: SplitterProps) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const grow = pane === 'before' ? 1 : -1; // moving right widens a pane before the splitter
  const clamp = (w: number) => Math.min(max, Math.max(min, Math.round(w)));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const by = e.shiftKey ? step * 4 : step;
    let next: number | null = null;
    if (e.key === 'ArrowLeft') next = value - by * grow;
    else if (e.key === 'ArrowRight') next = value + by * grow;
    else if (e.key === 'Home') next = min;
    else if (e.key === 'End') next = max;
    else if (e.key === 'Enter') {
      e.preventDefault();
      onCollapse();
      return;
    } else return;
    e.preventDefault();
    onChange(clamp(next));
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    drag.current = { x: e.clientX, width: value };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    onChange(clamp(drag.current.width + (e.clientX - drag.current.x) * grow));
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-controls={controls}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      // a focusable separator is the WAI-ARIA window splitter widget (it has a value and takes the arrow keys)
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      title={`${label}: drag, or ←/→ (Enter hides the pane)`}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={onCollapse}
    />
  );
}
