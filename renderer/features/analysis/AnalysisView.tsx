export function AnalysisView() {
  return (
    <section className="view-placeholder" aria-label="Analysis">
      <p className="muted">Analysis — matrices, rankings, charts and search (coming in issue 8)</p>
    </section>
  );
}
