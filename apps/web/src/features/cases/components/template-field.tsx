import type { TemplateField as Field } from '@telehealth/contracts/cases';
import { FieldShell } from '../../../shared/form';

type Scalar = string | number | boolean | null;
export type FieldValue = Scalar | string[] | { right: Scalar; left: Scalar };

interface Props {
  field: Field;
  value: FieldValue | undefined;
  onValue: (value: FieldValue) => void;
  errors?: string[];
  disabled?: boolean;
}

function ScalarInput({ field, value, onValue, id, describedBy, disabled }: { field: Field; value: Scalar | undefined; onValue: (v: Scalar) => void; id: string; describedBy: string | undefined; disabled?: boolean }) {
  const common = { id, 'aria-describedby': describedBy, disabled };
  switch (field.type) {
    case 'longtext':
      return <textarea {...common} rows={3} value={typeof value === 'string' ? value : ''} onChange={(e) => onValue(e.target.value)} />;
    case 'number':
      return (
        <input {...common} type="number" step="any" min={field.min} max={field.max} value={typeof value === 'number' ? String(value) : ''}
          onChange={(e) => onValue(e.target.value === '' ? null : Number(e.target.value))} />
      );
    case 'date':
      return <input {...common} type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onValue(e.target.value || null)} />;
    case 'boolean':
      return (
        <select {...common} value={value === true ? 'yes' : value === false ? 'no' : ''} onChange={(e) => onValue(e.target.value === '' ? null : e.target.value === 'yes')}>
          <option value="">—</option>
          <option value="yes">Yes</option>
          <option value="no">No</option>
        </select>
      );
    case 'select':
      return (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onValue(e.target.value || null)}>
          <option value="">—</option>
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </select>
      );
    case 'text':
    case 'body_site':
    case 'multiselect':
      return <input {...common} type="text" value={typeof value === 'string' ? value : ''} onChange={(e) => onValue(e.target.value)} />;
  }
}

/** One field of a specialty template (history or report), rendered from the template's data. */
export function TemplateFieldInput({ field, value, onValue, errors, disabled }: Props) {
  const label = `${field.label}${field.unit ? ` (${field.unit})` : ''}${field.required ? ' *' : ''}`;
  if (field.type === 'multiselect') {
    const selected = Array.isArray(value) ? value : [];
    return (
      <fieldset className="field">
        <legend>{label}</legend>
        {(field.options ?? []).map((o) => (
          <label key={o.value} className="checkbox">
            <input type="checkbox" disabled={disabled} checked={selected.includes(o.value)}
              onChange={(e) => onValue(e.target.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value))} />
            {o.label}
          </label>
        ))}
      </fieldset>
    );
  }
  if (field.perEye) {
    const eyes = value && typeof value === 'object' && !Array.isArray(value) ? value : { right: null, left: null };
    return (
      <fieldset className="field per-eye">
        <legend>{label}</legend>
        {(['right', 'left'] as const).map((eye) => (
          <FieldShell key={eye} label={eye === 'right' ? 'Right eye' : 'Left eye'} errors={errors}>
            {({ id, describedBy }) => (
              <ScalarInput field={field} id={id} describedBy={describedBy} disabled={disabled} value={eyes[eye]} onValue={(v) => onValue({ ...eyes, [eye]: v })} />
            )}
          </FieldShell>
        ))}
      </fieldset>
    );
  }
  return (
    <FieldShell label={label} errors={errors}>
      {({ id, describedBy }) => (
        <ScalarInput field={field} id={id} describedBy={describedBy} disabled={disabled} value={value as Scalar | undefined} onValue={onValue} />
      )}
    </FieldShell>
  );
}
