/** Cases & attributes: the table of cases and documents with editable attribute values. */
import { useRef, useState } from 'react';
import type { AttributeDef, AttributeKind, AttributeScope } from '../../../shared/analysis/types';
import { displayValue } from '../../../shared/analysis/values';
import { useAppStore } from '../../store';

const KINDS: { value: AttributeKind; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'date', label: 'Date' },
  { value: 'boolean', label: 'Yes/no' },
  { value: 'category', label: 'Ordered category' },
];

/** One editable attribute value: a select for categories and yes/no, a text field otherwise. */
function ValueCell({ attribute, value, label, onCommit }: { attribute: AttributeDef; value: string; label: string; onCommit: (v: string) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  if (attribute.kind === 'category' || attribute.kind === 'boolean') {
    const options = attribute.kind === 'boolean' ? ['true', 'false'] : attribute.categories;
    return (
      <select aria-label={label} value={value} onChange={(e) => onCommit(e.target.value)}>
        <option value="">—</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {displayValue(o, attribute.kind)}
          </option>
        ))}
      </select>
    );
  }
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  return (
    <input
      aria-label={label}
      type={attribute.kind === 'date' ? 'date' : 'text'}
      inputMode={attribute.kind === 'number' ? 'decimal' : undefined}
      value={draft ?? value}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        if (e.key === 'Escape') setDraft(null);
      }}
    />
  );
}

function AttributeEditor({ attribute }: { attribute: AttributeDef }) {
  const changeAttribute = useAppStore((s) => s.changeAttribute);
  const removeAttribute = useAppStore((s) => s.removeAttribute);
  const [newCategory, setNewCategory] = useState('');
  const move = (i: number, delta: number) => {
    const cats = [...attribute.categories];
    const j = i + delta;
    if (j < 0 || j >= cats.length) return;
    [cats[i], cats[j]] = [cats[j]!, cats[i]!];
    void changeAttribute(attribute.id, { categories: cats });
  };
  return (
    <li className="attribute-item" data-attribute={attribute.name}>
      <div className="attribute-head">
        <strong>{attribute.name}</strong>
        <span className="muted small">{attribute.scope === 'case' ? 'on cases' : 'on documents'}</span>
        <select aria-label={`Kind of ${attribute.name}`} value={attribute.kind} onChange={(e) => void changeAttribute(attribute.id, { kind: e.target.value as AttributeKind })}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
        <button type="button" className="link-danger" aria-label={`Delete attribute ${attribute.name}`} onClick={() => void removeAttribute(attribute.id)}>
          Delete
        </button>
      </div>
      {attribute.kind === 'category' ? (
        <div className="category-order">
          <ol aria-label={`Categories of ${attribute.name}, in order`}>
            {attribute.categories.map((c, i) => (
              <li key={c}>
                <span>{c}</span>
                <button type="button" aria-label={`Move ${c} earlier`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ←
                </button>
                <button type="button" aria-label={`Move ${c} later`} disabled={i === attribute.categories.length - 1} onClick={() => move(i, 1)}>
                  →
                </button>
              </li>
            ))}
          </ol>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!newCategory.trim()) return;
              void changeAttribute(attribute.id, { categories: [...attribute.categories, newCategory.trim()] });
              setNewCategory('');
            }}
          >
            <input aria-label={`New category for ${attribute.name}`} placeholder="Add category" value={newCategory} onChange={(e) => setNewCategory(e.target.value)} />
          </form>
        </div>
      ) : null}
    </li>
  );
}

function AddAttributeForm() {
  const addAttribute = useAppStore((s) => s.addAttribute);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<AttributeScope>('case');
  const [kind, setKind] = useState<AttributeKind>('text');
  const [categories, setCategories] = useState('');
  return (
    <form
      className="add-attribute"
      aria-label="Add attribute"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!name.trim()) return;
        const ok = await addAttribute({
          name: name.trim(),
          scope,
          kind,
          categories: kind === 'category' ? categories.split(',').map((c) => c.trim()).filter(Boolean) : undefined,
        });
        if (ok) {
          setName('');
          setCategories('');
        }
      }}
    >
      <label>
        Attribute name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. time point" />
      </label>
      <label>
        Applies to
        <select value={scope} onChange={(e) => setScope(e.target.value as AttributeScope)}>
          <option value="case">Cases</option>
          <option value="document">Documents</option>
        </select>
      </label>
      <label>
        Kind
        <select value={kind} onChange={(e) => setKind(e.target.value as AttributeKind)}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {kind === 'category' ? (
        <label>
          Categories, in order
          <input value={categories} onChange={(e) => setCategories(e.target.value)} placeholder="T1, T2, T3" />
        </label>
      ) : null}
      <button type="submit" className="primary">
        Add attribute
      </button>
    </form>
  );
}

export function CasesPanel() {
  const table = useAppStore((s) => s.casesTable);
  const addCase = useAppStore((s) => s.addCase);
  const removeCase = useAppStore((s) => s.removeCase);
  const setCaseValue = useAppStore((s) => s.setCaseValue);
  const setDocumentValue = useAppStore((s) => s.setDocumentValue);
  const linkSpeaker = useAppStore((s) => s.linkSpeaker);
  const linkDocument = useAppStore((s) => s.linkDocument);
  const importCasesCsv = useAppStore((s) => s.importCasesCsv);
  const exportCasesCsv = useAppStore((s) => s.exportCasesCsv);
  const [newCase, setNewCase] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  if (!table) return <p className="muted">Loading…</p>;
  const caseAttrs = table.attributes.filter((a) => a.scope === 'case');
  const docAttrs = table.attributes.filter((a) => a.scope === 'document');
  const caseName = new Map(table.cases.map((c) => [c.id, c.name]));

  return (
    <div className="cases-panel">
      <section aria-labelledby="attrs-heading" className="analysis-card">
        <h3 id="attrs-heading">Attributes</h3>
        <AddAttributeForm />
        {table.attributes.length === 0 ? (
          <p className="muted">No attributes yet. Add one (e.g. role on cases, or time point T1, T2, T3 on documents).</p>
        ) : (
          <ul className="attribute-list">
            {table.attributes.map((a) => (
              <AttributeEditor key={a.id} attribute={a} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="cases-heading" className="analysis-card">
        <div className="card-head">
          <h3 id="cases-heading">Cases</h3>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!newCase.trim()) return;
              void addCase(newCase.trim());
              setNewCase('');
            }}
          >
            <input aria-label="New case name" placeholder="New case (participant, site…)" value={newCase} onChange={(e) => setNewCase(e.target.value)} />
            <button type="submit">Add case</button>
          </form>
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import CSV…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            hidden
            aria-label="Import cases from CSV"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importCasesCsv(f);
            }}
          />
          <button type="button" onClick={() => void exportCasesCsv()}>
            Export CSV
          </button>
        </div>
        <div className="table-scroll">
          <table className="data-table" aria-label="Cases">
            <thead>
              <tr>
                <th scope="col">Case</th>
                {caseAttrs.map((a) => (
                  <th key={a.id} scope="col">
                    {a.name}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {table.cases.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  {caseAttrs.map((a) => (
                    <td key={a.id}>
                      <ValueCell attribute={a} value={c.values[a.id] ?? ''} label={`${a.name} of ${c.name}`} onCommit={(v) => void setCaseValue(c.id, a.id, v)} />
                    </td>
                  ))}
                  <td>
                    <button type="button" className="link-danger" aria-label={`Delete case ${c.name}`} onClick={() => void removeCase(c.id)}>
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {table.cases.length === 0 ? <p className="muted">No cases yet: add them, or import a participants CSV (a name column and one column per attribute).</p> : null}
        </div>
      </section>

      <section aria-labelledby="docs-heading" className="analysis-card">
        <h3 id="docs-heading">Documents</h3>
        <div className="table-scroll">
          <table className="data-table" aria-label="Documents and their attributes">
            <thead>
              <tr>
                <th scope="col">Document</th>
                {docAttrs.map((a) => (
                  <th key={a.id} scope="col">
                    {a.name}
                  </th>
                ))}
                <th scope="col">Whole document belongs to</th>
                <th scope="col">Speakers</th>
              </tr>
            </thead>
            <tbody>
              {table.documents.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.name}</th>
                  {docAttrs.map((a) => (
                    <td key={a.id}>
                      <ValueCell attribute={a} value={d.values[a.id] ?? ''} label={`${a.name} of ${d.name}`} onCommit={(v) => void setDocumentValue(d.id, a.id, v)} />
                    </td>
                  ))}
                  <td>
                    <div className="chips">
                      {d.caseIds.map((cid) => (
                        <span key={cid} className="chip">
                          {caseName.get(cid)}
                          <button type="button" aria-label={`Unlink ${caseName.get(cid)} from ${d.name}`} onClick={() => void linkDocument(cid, d.id, false)}>
                            ×
                          </button>
                        </span>
                      ))}
                      <select
                        aria-label={`Link a case to ${d.name}`}
                        value=""
                        onChange={(e) => e.target.value && void linkDocument(Number(e.target.value), d.id, true)}
                      >
                        <option value="">+ case</option>
                        {table.cases
                          .filter((c) => !d.caseIds.includes(c.id))
                          .map((c) => (
                            <option key={c.id} value={c.id}>
                              {c.name}
                            </option>
                          ))}
                      </select>
                    </div>
                  </td>
                  <td>
                    <ul className="speaker-links">
                      {d.speakers.map((s) => (
                        <li key={s.id}>
                          <span className="speaker-label">{s.label}</span>
                          <select
                            aria-label={`Case of speaker ${s.label} in ${d.name}`}
                            value={s.caseId ?? ''}
                            onChange={(e) => void linkSpeaker(s.id, { caseId: e.target.value ? Number(e.target.value) : null })}
                          >
                            <option value="">— no case —</option>
                            {table.cases.map((c) => (
                              <option key={c.id} value={c.id}>
                                {c.name}
                              </option>
                            ))}
                          </select>
                          <label className="small">
                            <input type="checkbox" aria-label={`${s.label} in ${d.name} is the interviewer`} checked={s.isInterviewer} onChange={(e) => void linkSpeaker(s.id, { isInterviewer: e.target.checked })} />{' '}
                            interviewer
                          </label>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
