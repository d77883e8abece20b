export function ThemesView() {
  return (
    <section className="view-placeholder" aria-label="Themes">
      <p className="muted">Themes — board, map and write-up (coming in issue 5)</p>
    </section>
  );
}
