import { useState } from 'react';
import type { Case } from '../api';
import { STATE_LABELS } from '../api';
import { ProblemAlert, useSubmit } from '../../../shared/form';
import { formatDateTime } from '../../../shared/labels';

/** Clarifying questions and answers. Text is rendered as text (React escapes it), never as HTML. */
export function Thread({ c, canWrite, label, send }: { c: Case; canWrite: boolean; label: string; send: (body: string) => Promise<void> }) {
  const [body, setBody] = useState('');
  const { pending, error, run } = useSubmit();
  return (
    <section className="card" aria-labelledby="thread-title">
      <h2 id="thread-title">Questions and answers</h2>
      {c.messages.length === 0 ? <p>No messages.</p> : null}
      <ol className="thread">
        {c.messages.map((m) => (
          <li key={m.id} data-side={m.side}>
            <p className="meta">{m.authorName} ({m.side}), {formatDateTime(m.createdAt)}</p>
            <p className="message-body">{m.body}</p>
          </li>
        ))}
      </ol>
      {canWrite ? (
        <form onSubmit={(e) => { e.preventDefault(); void run(async () => { await send(body); setBody(''); }); }}>
          <div className="field">
            <label htmlFor="thread-body">{label}</label>
            <textarea id="thread-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} required />
          </div>
          <ProblemAlert error={error} />
          <button type="submit" className="button-primary" disabled={pending || !body.trim()}>Send</button>
        </form>
      ) : null}
    </section>
  );
}

/** The case's history: every lifecycle event. */
export function History({ c }: { c: Case }) {
  return (
    <details className="card">
      <summary>History</summary>
      <ol>
        {c.events.map((e, i) => (
          <li key={i}>{formatDateTime(e.at)}: {e.event} → {STATE_LABELS[e.toState]}{e.reason ? ` (${e.reason})` : ''}</li>
        ))}
      </ol>
    </details>
  );
}
