import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** Shown when rendering a route throws; says what happened without leaking details. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <main className="auth-main">
      <div className="auth-card">
        <h1>Something went wrong</h1>
        <p role="alert">{message}</p>
        <p>
          <Link to="/">Go to the start page</Link>
        </p>
      </div>
    </main>
  );
}
