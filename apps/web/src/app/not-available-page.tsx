/** An honest placeholder for a capability that has not been built yet (no fake data, no dead buttons). */
export function NotAvailablePage({ title, what }: { title: string; what: string }) {
  return (
    <section>
      <title>{`${title} · Telehealth`}</title>
      <h1>{title}</h1>
      <div className="alert alert-info" role="status">
        <p className="alert-title">Not available yet</p>
        <p>{what} will appear here in a later release. Nothing on this page works yet.</p>
      </div>
    </section>
  );
}
