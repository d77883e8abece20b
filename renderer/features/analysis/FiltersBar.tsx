/** Filters shared by every analysis: document set, coder, theme, and a case/document attribute. */
import { displayValue } from '../../../shared/analysis/values';
import { useAppStore } from '../../store';

/** `forSearch`: only the filters that apply to text (document set and attribute). */
export function FiltersBar({ forSearch = false }: { forSearch?: boolean }) {
  const options = useAppStore((s) => s.analysisOptions);
  const table = useAppStore((s) => s.casesTable);
  const filters = useAppStore((s) => s.filters);
  const setFilters = useAppStore((s) => s.setFilters);
  if (!options) return null;
  const attrFilter = filters.attributes?.[0];
  const attr = options.attributes.find((a) => a.id === attrFilter?.attributeId);
  const attrValues = attr
    ? attr.kind === 'category'
      ? attr.categories
      : [
          ...new Set(
            (attr.scope === 'case' ? (table?.cases ?? []) : (table?.documents ?? [])).map((o) => o.values[attr.id]).filter((v): v is string => v !== undefined),
          ),
        ].sort()
    : [];
  const active = Boolean(filters.setIds?.length || filters.coderIds?.length || filters.themeId !== undefined || filters.attributes?.length);
  return (
    <fieldset className="filters-bar">
      <legend>Filters</legend>
      <label>
        Document set
        <select
          value={filters.setIds?.[0] ?? ''}
          onChange={(e) => setFilters({ ...filters, setIds: e.target.value ? [Number(e.target.value)] : undefined })}
        >
          <option value="">All documents</option>
          {options.sets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.documents})
            </option>
          ))}
        </select>
      </label>
      {forSearch ? null : (
        <>
      <label>
        Coder
        <select
          value={filters.coderIds?.[0] ?? ''}
          onChange={(e) => setFilters({ ...filters, coderIds: e.target.value ? [Number(e.target.value)] : undefined })}
        >
          <option value="">All coders</option>
          {options.coders.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Theme
        <select value={filters.themeId ?? ''} onChange={(e) => setFilters({ ...filters, themeId: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">All codes</option>
          {options.themes.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
        </>
      )}
      <label>
        Only where
        <select
          value={attrFilter?.attributeId ?? ''}
          onChange={(e) => setFilters({ ...filters, attributes: e.target.value ? [{ attributeId: Number(e.target.value), values: [] }] : undefined })}
        >
          <option value="">(any attribute)</option>
          {options.attributes.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      {attr ? (
        <label>
          is
          <select
            value={attrFilter?.values[0] ?? ''}
            onChange={(e) => setFilters({ ...filters, attributes: [{ attributeId: attr.id, values: e.target.value ? [e.target.value] : [] }] })}
          >
            <option value="">(any value)</option>
            {attrValues.map((v) => (
              <option key={v} value={v}>
                {displayValue(v, attr.kind)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {active ? (
        <button type="button" onClick={() => setFilters({})}>
          Clear filters
        </button>
      ) : null}
    </fieldset>
  );
}
