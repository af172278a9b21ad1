import { Link } from 'react-router';

/** Any path the app does not know. */
export function NotFoundPage() {
  return (
    <section>
      <title>Not found · Telehealth</title>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </section>
  );
}
