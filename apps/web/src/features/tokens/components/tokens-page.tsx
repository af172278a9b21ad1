import { useState, type FormEvent } from 'react';
import type { ApiToken } from '../../../shared/contracts';
import { ProblemAlert, TextField, fieldErrors, useFormValues, useSubmit } from '../../../shared/form';
import { formatDateTime } from '../../../shared/labels';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { tokensApi, type ApiTokenCreated } from '../api';

/** Personal API tokens for integrations and the CLI: create (secret shown once), list, revoke. */
export function TokensPage() {
  const tokens = useResource((signal) => tokensApi.list(signal), 'tokens');
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const revoke = useSubmit();

  const onRevoke = (t: ApiToken) => {
    if (!window.confirm(`Revoke the token “${t.name}”? Programs using it stop working at once.`)) return;
    void revoke.run(async () => {
      await tokensApi.revoke(t.id);
      tokens.reload();
    });
  };

  return (
    <section>
      <PageHeader title="My API tokens" />
      <p>
        A token acts as you, with your roles, from scripts and the <code>telehealth</code> command line. Send
        it as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {created ? <NewTokenSecret token={created} onDone={() => setCreated(null)} /> : null}
      <section className="card" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New token</h2>
        <CreateTokenForm
          onCreated={(t) => {
            setCreated(t);
            tokens.reload();
          }}
        />
      </section>
      <h2>Your tokens</h2>
      <ProblemAlert error={revoke.error} />
      <Loadable {...tokens}>
        {(items) =>
          items.length === 0 ? (
            <p>You have no API tokens.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Your API tokens</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Created</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((t) => (
                    <tr key={t.id}>
                      <th scope="row">{t.name}</th>
                      <td>{formatDateTime(t.createdAt)}</td>
                      <td>{formatDateTime(t.expiresAt)}</td>
                      <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</td>
                      <td>
                        {t.revoked ? 'Revoked' : new Date(t.expiresAt) < new Date() ? 'Expired' : 'Active'}
                      </td>
                      <td>
                        {t.revoked ? null : (
                          <button
                            type="button"
                            className="button-danger"
                            disabled={revoke.pending}
                            onClick={() => onRevoke(t)}
                            aria-label={`Revoke token ${t.name}`}
                          >
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loadable>
    </section>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (t: ApiTokenCreated) => void }) {
  const { values, set, reset } = useFormValues({ name: '', expiresInDays: '90' });
  const { pending, error, run } = useSubmit();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const t = await tokensApi.create({
        name: values.name.trim(),
        expiresInDays: Number(values.expiresInDays),
      });
      reset();
      onCreated(t);
    });
  };
  return (
    <form onSubmit={onSubmit} className="form-grid">
      <ProblemAlert error={error} />
      <TextField
        label="Token name"
        hint="What the token is for, e.g. “PACS bridge”."
        required
        maxLength={100}
        value={values.name}
        onValue={set('name')}
        errors={fieldErrors(error, 'name')}
      />
      <TextField
        label="Expires in (days)"
        type="number"
        required
        min={1}
        max={365}
        value={values.expiresInDays}
        onValue={set('expiresInDays')}
        errors={fieldErrors(error, 'expiresInDays')}
      />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}

function NewTokenSecret({ token, onDone }: { token: ApiTokenCreated; onDone: () => void }) {
  return (
    <div className="alert alert-success secret-box" role="status">
      <p className="alert-title">Token “{token.name}” created. Copy it now: it will not be shown again.</p>
      <div className="field">
        <label htmlFor="new-token-secret">New API token</label>
        <input
          id="new-token-secret"
          className="secret"
          readOnly
          value={token.token}
          spellCheck={false}
          onFocus={(e) => e.target.select()}
        />
      </div>
      <button type="button" className="button-secondary" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}
