/** Merge and split dialogs for the theme board. */
import { useState } from 'react';
import { toggled } from '../../../shared/domain/list';
import { flattenThemes } from '../../../shared/themes/tree';
import type { ThemeNode } from '../../../shared/types/themes';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';

export function MergeDialog({ theme, themes, onClose }: { theme: ThemeNode; themes: ThemeNode[]; onClose(): void }) {
  const merge = useAppStore((s) => s.mergeThemes);
  const [chosen, setChosen] = useState<number[]>([]);
  // a theme cannot take in one of its own ancestors
  const ancestors = new Set<number>();
  const all = flattenThemes(themes);
  for (let cur = theme.parentId; cur !== null; cur = all.find((x) => x.theme.id === cur)?.theme.parentId ?? null) ancestors.add(cur);
  const candidates = all.filter(({ theme: t }) => t.id !== theme.id && !ancestors.has(t.id));
  return (
    <Modal title={`Merge into “${theme.name}”`} onClose={onClose}>
      <p className="muted">
        The chosen themes’ codes, quotes, memos and sub-themes join “{theme.name}” and the themes themselves go. Their definitions are kept as memos.
      </p>
      <fieldset className="check-list">
        <legend>Themes to merge</legend>
        {candidates.map(({ theme: t, depth }) => (
          <label key={t.id} style={{ paddingLeft: `${depth * 1.1}rem` }}>
            <input type="checkbox" checked={chosen.includes(t.id)} onChange={() => setChosen((c) => toggled(c, t.id))} />
            {t.name} <span className="muted small">({t.codes.length} codes)</span>
          </label>
        ))}
      </fieldset>
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={chosen.length === 0}
          onClick={async () => {
            if (await merge(theme.id, chosen)) onClose();
          }}
        >
          Merge {chosen.length || ''} into “{theme.name}”
        </button>
      </div>
    </Modal>
  );
}

export function SplitDialog({ theme, onClose }: { theme: ThemeNode; onClose(): void }) {
  const split = useAppStore((s) => s.splitTheme);
  const [name, setName] = useState('');
  const [codes, setCodes] = useState<number[]>([]);
  const [asSub, setAsSub] = useState(false);
  return (
    <Modal title={`Split “${theme.name}”`} onClose={onClose}>
      <p className="muted">The ticked codes leave “{theme.name}” for a new theme, taking their chosen quotes with them. Split again for more parts.</p>
      <label className="field">
        <span>Name of the new theme</span>
        <input data-autofocus value={name} onChange={(e) => setName(e.target.value)} aria-label="Name of the new theme" />
      </label>
      <fieldset className="check-list">
        <legend>Codes that move to it</legend>
        {theme.codes.map((c) => (
          <label key={c.id}>
            <input type="checkbox" checked={codes.includes(c.id)} onChange={() => setCodes((cur) => toggled(cur, c.id))} />
            {c.path}
          </label>
        ))}
      </fieldset>
      <label>
        <input type="checkbox" checked={asSub} onChange={(e) => setAsSub(e.target.checked)} /> Make it a sub-theme of “{theme.name}”
      </label>
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={!name.trim() || codes.length === 0}
          onClick={async () => {
            if (await split(theme.id, [{ name: name.trim(), codeIds: codes }], asSub)) onClose();
          }}
        >
          Split
        </button>
      </div>
    </Modal>
  );
}
