export function ExchangeView() {
  return (
    <section className="view-placeholder" aria-label="Exchange">
      <p className="muted">Import & export — REFI-QDA and spreadsheets (coming in issue 6)</p>
    </section>
  );
}
