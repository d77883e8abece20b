import { useAppStore } from '../../store';

/** A labelled select of the project's coders. */
export function CoderSelect({
  label,
  value,
  onChange,
  includeConsensus = false,
}: {
  label: string;
  value: number | null;
  onChange: (id: number) => void;
  includeConsensus?: boolean;
}) {
  const coders = useAppStore((s) => s.coders).filter((c) => includeConsensus || !c.isConsensus);
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        {value === null ? <option value="">Choose…</option> : null}
        {coders.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Two different coders, defaulting to the first two (not consensus sets). */
export function defaultPair(coders: { id: number; isConsensus: boolean }[]): [number | null, number | null] {
  const own = coders.filter((c) => !c.isConsensus);
  return [own[0]?.id ?? null, own[1]?.id ?? null];
}
