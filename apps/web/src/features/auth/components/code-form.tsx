import { useState, type FormEvent } from 'react';
import { type ApiError } from '../../../shared/api-client';
import { ProblemAlert, TextField } from '../../../shared/form';

interface CodeFormProps {
  submitLabel: string;
  pending: boolean;
  error: ApiError | undefined;
  onCode: (code: string) => void;
}

/** The six-digit one-time code field (RFC 6238 TOTP from the user's authenticator app). */
export function CodeForm({ submitLabel, pending, error, onCode }: CodeFormProps) {
  const [code, setCode] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onCode(code.replace(/\s+/g, ''));
  };
  return (
    <form onSubmit={onSubmit}>
      <ProblemAlert error={error} />
      <TextField
        label="Six-digit code"
        hint="The code your authenticator app shows now."
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]{6,7}"
        maxLength={7}
        required
        value={code}
        onValue={setCode}
      />
      <button type="submit" className="button-primary" disabled={pending}>
        {pending ? 'Checking…' : submitLabel}
      </button>
    </form>
  );
}
