/**
 * The one modal dialog: a native `<dialog>` opened with `showModal()`, so the browser makes the rest
 * of the page inert and draws the backdrop. On top of that it
 * - is labelled by its title (`aria-labelledby`), or by `label` when it shows no title;
 * - moves focus in: to `initialFocus`, else the first element marked `data-autofocus`, else the first
 *   field, else the first focusable element;
 * - keeps Tab and Shift+Tab cycling inside (from the last element to the first and back);
 * - closes on Esc (the dialog's `cancel` event) through `onClose`, unless `busy`;
 * - optionally closes on a click on the backdrop (`closeOnBackdrop`);
 * - gives focus back to the element that had it when the dialog opened.
 * The parent decides whether the dialog is shown: render `<Modal>` to open it, stop rendering it to close.
 */
import { useId, useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';

export interface ModalProps {
  /** Shown as the dialog's heading and used as its accessible name. */
  title?: ReactNode;
  /** Accessible name when it differs from the title or there is no visible title. */
  label?: string;
  onClose(): void;
  children: ReactNode;
  /** While busy, Esc and the backdrop do not close the dialog. */
  busy?: boolean;
  /** The element to focus when the dialog opens. */
  initialFocus?: RefObject<HTMLElement | null>;
  closeOnBackdrop?: boolean;
  /** Extra classes for the dialog box (`wide`, …). */
  className?: string;
  role?: 'dialog' | 'alertdialog';
  describedBy?: string;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
const FIELDS = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

/** The elements Tab stops at inside `root`, in order (one per radio group, none in a nested dialog). */
export function tabStops(root: HTMLElement): HTMLElement[] {
  const all = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.closest('dialog') === root && el.getClientRects().length > 0 && el.tabIndex >= 0,
  );
  return all.filter((el) => {
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name) return true;
    const group = all.filter((x): x is HTMLInputElement => x instanceof HTMLInputElement && x.type === 'radio' && x.name === el.name);
    const checked = group.find((x) => x.checked);
    return checked ? checked === el : group[0] === el;
  });
}

function firstFocus(root: HTMLElement): HTMLElement | null {
  const stops = tabStops(root);
  const marked = root.querySelector<HTMLElement>('[data-autofocus]');
  if (marked && stops.includes(marked)) return marked;
  return stops.find((el) => el.matches(FIELDS)) ?? stops[0] ?? null;
}

export function Modal({ title, label, onClose, children, busy = false, initialFocus, closeOnBackdrop = false, className, role, describedBy }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // the latest props, for the listeners set up once
  const latest = useRef({ onClose, busy, closeOnBackdrop });
  useLayoutEffect(() => {
    latest.current = { onClose, busy, closeOnBackdrop };
  });

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    let closing = false;
    if (!dialog.open) dialog.showModal();
    (initialFocus?.current ?? firstFocus(dialog) ?? dialog).focus();

    const onCancel = (e: Event) => {
      e.preventDefault();
      if (!latest.current.busy) latest.current.onClose();
    };
    // the browser may close it anyway (a second Esc after a refused one): keep it open while busy
    const onNativeClose = () => {
      if (closing) return;
      if (latest.current.busy) dialog.showModal();
      else latest.current.onClose();
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('close', onNativeClose);
    return () => {
      closing = true;
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('close', onNativeClose);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
    // opened once per mount; focus target read at opening
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    // the dialog itself handles Tab (focus trap), Esc and a click on its backdrop: it is the modal's
    // keyboard boundary, not a plain container (eslint-disable-next-line with that reason)
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      role={role}
      aria-labelledby={label ? undefined : titleId}
      aria-label={label}
      aria-describedby={describedBy}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          // only this dialog closes (through `cancel`), not a view's own Esc handling behind it
          e.stopPropagation();
          return;
        }
        if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
        const dialog = e.currentTarget;
        if ((e.target as HTMLElement).closest('dialog') !== dialog) return; // a nested dialog's own Tab
        const stops = tabStops(dialog);
        if (stops.length === 0) {
          e.preventDefault();
          return;
        }
        const at = stops.indexOf(document.activeElement as HTMLElement);
        if (e.shiftKey && at <= 0) {
          e.preventDefault();
          stops[stops.length - 1]!.focus();
        } else if (!e.shiftKey && (at === -1 || at === stops.length - 1)) {
          e.preventDefault();
          stops[0]!.focus();
        }
      }}
      onMouseDown={(e) => {
        if (e.target !== e.currentTarget || !latest.current.closeOnBackdrop || latest.current.busy) return;
        const r = e.currentTarget.getBoundingClientRect();
        const outside = e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom;
        if (outside) latest.current.onClose();
      }}
    >
      {title !== undefined ? <h2 id={titleId}>{title}</h2> : null}
      {children}
    </dialog>
  );
}
