import type { ReactNode } from 'react';

/** The centred card used by setup, sign-in and the MFA steps. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth-main">
      <div className="auth-card">
        <p className="brand" aria-hidden="true">
          Telehealth
        </p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
