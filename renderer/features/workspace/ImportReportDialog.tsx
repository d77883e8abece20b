import { useAppStore } from '../../store';

export function ImportReportDialog() {
  const report = useAppStore((s) => s.lastImport);
  const dismiss = useAppStore((s) => s.dismissImportReport);
  if (!report) return null;
  return (
    <div className="modal-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && dismiss()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label="Import report">
        <h2>Import finished</h2>
        <p>
          {report.imported} imported · {report.skipped} skipped · {report.failed} failed
        </p>
        <table className="report-table">
          <thead>
            <tr>
              <th>File</th>
              <th>Result</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {report.files.map((f, i) => (
              <tr key={i} className={f.outcome}>
                <td>{f.file}</td>
                <td>{f.outcome}</td>
                <td>{f.outcome === 'imported' ? f.detected : f.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="modal-actions">
          <button type="button" className="primary" autoFocus onClick={dismiss}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
