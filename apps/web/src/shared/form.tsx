import {
  useCallback,
  useId,
  useState,
  type ChangeEvent,
  type InputHTMLAttributes,
  type ReactNode,
} from 'react';
import { type ApiError, toApiError } from './api-client';

/**
 * Normalises a problem's field path (`/name`, `body/name`, `roles/0/siteId`) to a dotted path
 * (`name`, `roles.0.siteId`) so forms can match it against their field names.
 */
export function normalisePath(path: string): string {
  return path
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .replace(/\//g, '.');
}

/** @returns the messages the server gave for `field` (or for anything below it). */
export function fieldErrors(error: ApiError | undefined, field: string): string[] {
  const errors = error?.problem.errors ?? [];
  return errors
    .filter((e) => {
      const p = normalisePath(e.path);
      return p === field || p.startsWith(`${field}.`);
    })
    .map((e) => e.message);
}

/** Shows a problem's title, detail and every per-field message, announced to screen readers. */
export function ProblemAlert({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  const { title, detail, errors } = error.problem;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{title}</p>
      {detail && detail !== title ? <p>{detail}</p> : null}
      {errors && errors.length > 0 ? (
        <ul>
          {errors.map((e, i) => (
            <li key={`${e.path}-${i}`}>
              {normalisePath(e.path) ? <strong>{normalisePath(e.path)}: </strong> : null}
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface FieldShellProps {
  label: string;
  hint?: string;
  errors?: string[];
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** A label, the control, an optional hint and the field's errors, wired together with ids. */
export function FieldShell({ label, hint, errors = [], children }: FieldShellProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={errors.length > 0 ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: errors.length > 0 })}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p className="field-error" id={errorId}>
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> & {
  label: string;
  hint?: string;
  errors?: string[];
  value: string;
  onValue: (value: string) => void;
};

/** A labelled text-like `<input>` (text, email, password, date, number, …). */
export function TextField({ label, hint, errors, value, onValue, ...input }: TextFieldProps) {
  return (
    <FieldShell label={label} hint={hint} errors={errors}>
      {({ id, describedBy, invalid }) => (
        <input
          {...input}
          id={id}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e: ChangeEvent<HTMLInputElement>) => onValue(e.target.value)}
        />
      )}
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  hint?: string;
  errors?: string[];
  value: string;
  onValue: (value: string) => void;
  options: readonly Option[];
  required?: boolean;
  disabled?: boolean;
}

/** A labelled `<select>`. */
export function SelectField({
  label,
  hint,
  errors,
  value,
  onValue,
  options,
  required,
  disabled,
}: SelectFieldProps) {
  return (
    <FieldShell label={label} hint={hint} errors={errors}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={value}
          required={required}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => onValue(e.target.value)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** Form values held as strings, one setter per field. */
export function useFormValues<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const set = useCallback(
    <K extends keyof T>(key: K) =>
      (value: T[K]) =>
        setValues((v) => ({ ...v, [key]: value })),
    [],
  );
  const reset = useCallback((next?: T) => setValues(next ?? initial), [initial]);
  return { values, set, reset, setValues };
}

/**
 * Runs a form action: tracks `pending`, keeps the last error for {@link ProblemAlert}, and never lets a
 * rejected promise escape into the event handler.
 */
export function useSubmit() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const run = useCallback(async (action: () => Promise<void>): Promise<boolean> => {
    setPending(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (err) {
      setError(toApiError(err));
      return false;
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, error, run, setError };
}

/** Splits "cardiology, dermatology" into tags the API accepts (lower case, no blanks). */
export function splitTags(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}
