import { useMemo, useState } from 'react';
import type { CodeWithCounts } from '../../../shared/types/entities';
import { useAppStore } from '../../store';

/** Codes in tree order with their depth. */
export function flattenTree(codes: CodeWithCounts[]): { code: CodeWithCounts; depth: number }[] {
  const children = new Map<number | null, CodeWithCounts[]>();
  for (const c of codes) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const out: { code: CodeWithCounts; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      out.push({ code: c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function CodesPanel() {
  const codes = useAppStore((s) => s.codes);
  const selection = useAppStore((s) => s.selection);
  const createCode = useAppStore((s) => s.createCode);
  const applyCode = useAppStore((s) => s.applyCode);
  const [name, setName] = useState('');
  const tree = useMemo(() => flattenTree(codes), [codes]);

  const submit = async () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    if (await createCode(trimmed)) setName('');
  };

  return (
    <aside className="panel codes-panel" aria-label="Codes">
      <h2 className="panel-title">Codes ({codes.length})</h2>
      <form
        className="new-code"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <input aria-label="New code name" placeholder="New code…" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Add</button>
      </form>
      <ul className="code-list">
        {tree.map(({ code, depth }, i) => (
          <li key={code.id} style={{ paddingLeft: depth * 14 }} data-code={code.name}>
            <span className="swatch" style={{ background: code.color }} aria-hidden="true" />
            <span className="code-name" title={code.definition || code.name}>
              {code.name}
            </span>
            <span className="muted small count" title="codings (including sub-codes)">
              {code.codings}
            </span>
            <button
              type="button"
              className="apply"
              disabled={!selection}
              onClick={() => void applyCode(code.id)}
              aria-label={`Apply code ${code.name}`}
              title={i < 9 ? `Apply to the selection (key ${i + 1})` : 'Apply to the selection'}
            >
              Apply
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
