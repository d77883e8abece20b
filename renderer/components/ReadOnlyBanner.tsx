import { useAppStore } from '../store';

/** Says why the open project is read-only here (another door holds it, or the file cannot be written). */
export function ReadOnlyBanner() {
  const readOnly = useAppStore((s) => s.project?.readOnly ?? null);
  const path = useAppStore((s) => s.project?.path);
  const openProject = useAppStore((s) => s.openProject);
  if (!readOnly || !path) return null;
  return (
    <div className="read-only-banner" role="status" data-testid="read-only-banner">
      <strong>Read-only.</strong> <span>{readOnly.message}</span>
      {readOnly.reason === 'in-use' ? (
        <>
          {' '}
          <span>Changes made there appear here as they happen.</span>{' '}
          <button type="button" onClick={() => void openProject(path)}>
            Try again to open it for changes
          </button>
        </>
      ) : null}
    </div>
  );
}
