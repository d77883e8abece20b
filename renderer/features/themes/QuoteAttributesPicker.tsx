/**
 * Which participant attributes appear beside a quote ("Samantha (client, 34)"): the project
 * setting `quoteAttributes`, chosen here in theme review and in the report dialog.
 */
import { toggled } from '../../../shared/domain/list';
import { useAppStore } from '../../store';

export function QuoteAttributesPicker({ attributes }: { attributes: readonly string[] }) {
  const chosen = useAppStore((s) => s.quoteAttributes);
  const save = useAppStore((s) => s.setQuoteAttributes);
  if (attributes.length === 0) return null;
  const toggle = (a: string) => void save(toggled(chosen ?? [], a));
  return (
    <fieldset className="check-list quote-attributes" aria-label="Shown beside a quote">
      <legend>Shown beside a quote</legend>
      {chosen === null ? <span className="muted">Loading…</span> : null}
      {chosen !== null
        ? attributes.map((a) => (
            <label key={a}>
              <input type="checkbox" checked={chosen.includes(a)} onChange={() => toggle(a)} /> {a}
            </label>
          ))
        : null}
    </fieldset>
  );
}
