export function TeamView() {
  return (
    <section className="view-placeholder" aria-label="Team">
      <p className="muted">Team — coders, merging and agreement (coming in issue 9)</p>
    </section>
  );
}
