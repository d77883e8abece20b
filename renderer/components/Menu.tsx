/** A small keyboard-operable menu button: Enter/Space/↓ opens, arrows move, Enter picks, Escape closes. */
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  label: string;
  onSelect(): void;
  disabled?: boolean;
  /** Indent level for tree-shaped lists. */
  depth?: number;
  /** A heading row that cannot be chosen. */
  heading?: boolean;
  /** Its tooltip (e.g. the whole of a label cut short by the menu's width). */
  title?: string;
}

export function MenuButton({
  label,
  title,
  items,
  className,
  children,
  opener,
}: {
  label: string;
  title?: string;
  items: MenuItem[];
  className?: string;
  children: ReactNode;
  /** Receives a function that opens the menu (a context menu: right-click or Shift+F10 on something else). */
  opener?: (open: () => void) => void;
}) {
  const [open, setOpen] = useState(false);
  opener?.(() => setOpen(true));
  const menuRef = useRef<HTMLUListElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    // the first item that can be chosen, else the menu itself (so that Escape still closes it)
    (menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? menuRef.current)?.focus();
    const onDown = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const entries = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      entries[(at + 1) % entries.length]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      entries[(at - 1 + entries.length) % entries.length]?.focus();
    } else if (e.key === 'Home') {
      e.preventDefault();
      entries[0]?.focus();
    } else if (e.key === 'End') {
      e.preventDefault();
      entries[entries.length - 1]?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <span className="menu-anchor">
      <button
        ref={buttonRef}
        type="button"
        className={className}
        aria-label={label}
        title={title ?? label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {children}
      </button>
      {open ? (
        <ul ref={menuRef} role="menu" aria-label={label} className="menu" tabIndex={-1} onKeyDown={onKeyDown}>
          {items.map((item, i) =>
            item.heading ? (
              <li key={i} role="presentation" className="menu-heading">
                {item.label}
              </li>
            ) : (
              <li
                key={i}
                role="menuitem"
                tabIndex={-1}
                aria-disabled={item.disabled || undefined}
                title={item.title}
                style={item.depth ? { paddingLeft: `${0.6 + item.depth * 0.9}rem` } : undefined}
                onClick={() => {
                  if (item.disabled) return;
                  close();
                  item.onSelect();
                }}
                onKeyDown={(e) => {
                  if ((e.key === 'Enter' || e.key === ' ') && !item.disabled) {
                    e.preventDefault();
                    close();
                    item.onSelect();
                  }
                }}
              >
                {item.label}
              </li>
            ),
          )}
        </ul>
      ) : null}
    </span>
  );
}
