/** Dialogs of the codebook: edit a code (with its memo), add a sub-code, merge, delete with what will be lost. */
import { useEffect, useMemo, useState } from 'react';
import type { Memo } from '../../../shared/types/coding';
import type { CodeWithCounts } from '../../../shared/types/entities';
import { Modal } from '../../components/Modal';
import { useAppStore, type AppState } from '../../store';
import { descendantsOf, flattenTree } from './tree';
import { countOf } from '../../../shared/domain/plural';

const selectDialog = (s: AppState) => s.codeDialog;
const selectCodes = (s: AppState) => s.codes;

export function CodeDialogs() {
  const dialog = useAppStore(selectDialog);
  const codes = useAppStore(selectCodes);
  if (!dialog) return null;
  const code = codes.find((c) => c.id === dialog.codeId);
  if (!code) return null;
  switch (dialog.kind) {
    case 'edit':
      return <EditCode code={code} codes={codes} />;
    case 'subcode':
      return <NewSubcode parent={code} />;
    case 'merge':
      return <MergeCode code={code} codes={codes} />;
    case 'delete':
      return <DeleteCode code={code} />;
  }
}

const close = () => useAppStore.getState().closeCodeDialog();

function EditCode({ code, codes }: { code: CodeWithCounts; codes: CodeWithCounts[] }) {
  const [form, setForm] = useState({
    name: code.name,
    color: code.color,
    parentId: code.parentId === null ? '' : String(code.parentId),
    definition: code.definition,
    inclusion: code.inclusion,
    exclusion: code.exclusion,
    example: code.example,
  });
  const [memo, setMemo] = useState<Memo | null>(null);
  const [memoText, setMemoText] = useState('');
  const st = useAppStore.getState;
  useEffect(() => {
    void st()
      .memosFor({ kind: 'code', id: code.id })
      .then((list) => {
        setMemo(list[0] ?? null);
        setMemoText(list[0]?.body ?? '');
      });
  }, [code.id, st]);
  const blocked = useMemo(() => descendantsOf(codes, code.id), [codes, code.id]);
  const parents = useMemo(() => flattenTree(codes).filter((r) => !blocked.has(r.code.id)), [codes, blocked]);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const save = async () => {
    const patch: Record<string, string | number | null> = {};
    const parentId = form.parentId ? Number(form.parentId) : null;
    if (form.name.trim() !== code.name) patch.name = form.name.trim();
    if (form.color.toLowerCase() !== code.color.toLowerCase()) patch.color = form.color;
    if (parentId !== code.parentId) patch.parentId = parentId;
    for (const k of ['definition', 'inclusion', 'exclusion', 'example'] as const) if (form[k] !== code[k]) patch[k] = form[k];
    let ok = true;
    if (Object.keys(patch).length) ok = await st().updateCode(code.id, patch);
    if (ok && memoText !== (memo?.body ?? '')) {
      if (memo && memoText.trim()) ok = await st().updateMemo(memo.id, { body: memoText });
      else if (memo) ok = await st().deleteMemo(memo.id);
      else if (memoText.trim()) ok = (await st().createMemo({ kind: 'code', id: code.id }, memoText)) !== null;
    }
    if (ok) close();
  };

  return (
    <Modal label={`Edit code ${code.name}`} onClose={close} className="code-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2>Edit code</h2>
        <div className="code-form">
          <label className="field">
            Name
            <input value={form.name} onChange={set('name')} data-autofocus required />
          </label>
          <label className="field color-field">
            Colour
            <input type="color" value={form.color} onChange={set('color')} />
          </label>
          <label className="field wide">
            Parent
            <select value={form.parentId} onChange={set('parentId')}>
              <option value="">(top level)</option>
              {parents.map((r) => (
                <option key={r.code.id} value={r.code.id}>
                  {r.path}
                </option>
              ))}
            </select>
          </label>
          <label className="field wide">
            Definition
            <textarea rows={3} value={form.definition} onChange={set('definition')} />
          </label>
          <label className="field">
            Inclusion criteria
            <textarea rows={3} value={form.inclusion} onChange={set('inclusion')} placeholder="When to apply this code" />
          </label>
          <label className="field">
            Exclusion criteria
            <textarea rows={3} value={form.exclusion} onChange={set('exclusion')} placeholder="When not to" />
          </label>
          <label className="field wide">
            Typical example
            <textarea rows={2} value={form.example} onChange={set('example')} />
          </label>
          <label className="field wide">
            Memo on this code
            <textarea rows={3} value={memoText} onChange={(e) => setMemoText(e.target.value)} placeholder="Thoughts about this code, how it is changing…" />
          </label>
        </div>
        <p className="muted small">
          {countOf(code.codings, 'coding')} in {countOf(code.documents, 'document')} (including sub-codes).
        </p>
        <div className="modal-actions">
          <button type="button" className="left" onClick={() => void st().openCodeDialog('merge', code.id)}>
            Merge into…
          </button>
          <button type="button" onClick={() => void st().openCodeDialog('delete', code.id)}>
            Delete…
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}

function NewSubcode({ parent }: { parent: CodeWithCounts }) {
  const [name, setName] = useState('');
  return (
    <Modal label={`New sub-code of ${parent.name}`} onClose={close} className="code-dialog">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (name.trim() && (await useAppStore.getState().createCode(name.trim(), parent.id))) close();
        }}
      >
        <h2>New sub-code of “{parent.name}”</h2>
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus required />
        </label>
        <div className="modal-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Create
          </button>
        </div>
      </form>
    </Modal>
  );
}

function MergeCode({ code, codes }: { code: CodeWithCounts; codes: CodeWithCounts[] }) {
  const blocked = useMemo(() => descendantsOf(codes, code.id), [codes, code.id]);
  const targets = useMemo(() => flattenTree(codes).filter((r) => !blocked.has(r.code.id)), [codes, blocked]);
  // no target is chosen for the researcher: a wrong merge must not be one Enter away
  const [target, setTarget] = useState('');
  const targetCode = codes.find((c) => c.id === Number(target));
  return (
    <Modal label={`Merge ${code.name}`} onClose={close} className="code-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (targetCode) void useAppStore.getState().mergeCodes(code.id, targetCode.id);
        }}
      >
        <h2>Merge “{code.name}” into another code</h2>
        <label className="field">
          Merge into
          <select value={target} onChange={(e) => setTarget(e.target.value)} data-autofocus required>
            <option value="" disabled>
              Choose a code…
            </option>
            {targets.map((r) => (
              <option key={r.code.id} value={r.code.id}>
                {r.path}
              </option>
            ))}
          </select>
        </label>
        {targetCode ? (
          <p>
            {code.codings} coding{code.codings === 1 ? '' : 's'} (with sub-codes) move to “{targetCode.name}”; exact duplicates collapse into one. Memos,
            sub-codes and themes move with them, then “{code.name}” is deleted. You can undo this.
          </p>
        ) : (
          <p className="muted">Choose the code that “{code.name}” goes into.</p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!targetCode}>
            Merge
          </button>
        </div>
      </form>
    </Modal>
  );
}

function DeleteCode({ code }: { code: CodeWithCounts }) {
  const dialog = useAppStore(selectDialog);
  if (!dialog || dialog.kind !== 'delete') return null;
  const i = dialog.impact;
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return (
    <Modal label={`Delete code ${code.name}`} onClose={close} className="code-dialog">
      <h2>Delete “{i.path}”?</h2>
      <p>This removes:</p>
      <ul className="impact" data-testid="delete-impact">
        <li>
          {plural(i.codings, 'coding')} in {plural(i.documents, 'document')}
        </li>
        <li>{plural(i.subCodes, 'sub-code')}</li>
        <li>{plural(i.memos, 'memo')}</li>
        {i.themes ? <li>its place in {plural(i.themes, 'theme')}</li> : null}
      </ul>
      <p className="muted small">You can undo this with Ctrl+Z.</p>
      <div className="modal-actions">
        <button type="button" onClick={close} data-autofocus>
          Cancel
        </button>
        <button type="button" className="danger primary" onClick={() => void useAppStore.getState().deleteCode(code.id)}>
          Delete code
        </button>
      </div>
    </Modal>
  );
}
