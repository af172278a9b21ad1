import type { ReactNode } from 'react';
import type { ApiError } from './api-client';
import { ProblemAlert } from './form';

/** Shows loading, an error, or the content once the data is there. */
export function Loadable<T>({
  data,
  error,
  loading,
  children,
}: {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  children: (data: T) => ReactNode;
}) {
  if (error) return <ProblemAlert error={error} />;
  if (data === undefined) {
    return loading ? (
      <p className="loading" role="status">
        Loading…
      </p>
    ) : null;
  }
  return <>{children(data)}</>;
}

/**
 * A page title (h1 and document title) with optional actions on the right. Pass `documentTitle` when the
 * heading shows PHI: document titles are kept in browser history.
 */
export function PageHeader({
  title,
  documentTitle = title,
  children,
}: {
  title: string;
  documentTitle?: string;
  children?: ReactNode;
}) {
  return (
    <div className="page-header">
      <title>{`${documentTitle} · Telehealth`}</title>
      <h1>{title}</h1>
      {children ? <div className="page-actions">{children}</div> : null}
    </div>
  );
}

/** A short confirmation, announced politely to screen readers. */
export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}
