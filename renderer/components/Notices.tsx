/** Notices, newest on top: infos go by themselves after a few seconds; errors stay until dismissed. */
import { useAppStore } from '../store';

export function Notices() {
  const notices = useAppStore((s) => s.notices);
  const dismiss = useAppStore((s) => s.dismiss);
  const dismissAll = useAppStore((s) => s.dismissAll);
  return (
    <div className="notices" aria-live="polite">
      {notices.length > 1 ? (
        <button type="button" className="notices-clear" onClick={dismissAll}>
          Dismiss all ({notices.length})
        </button>
      ) : null}
      <div className="notices-list">
        {notices.map((n) => (
          <div key={n.id} className={`notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
            <strong>
              {n.title}
              {n.count > 1 ? <span className="notice-count"> ×{n.count}</span> : null}
            </strong>
            <p>{n.message}</p>
            <button type="button" aria-label={`Dismiss: ${n.title}`} onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
