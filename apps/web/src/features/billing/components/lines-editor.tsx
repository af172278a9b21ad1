import { useState } from 'react';
import type { ClaimLine } from '@telehealth/contracts/billing';
import { ProblemAlert, TextField, useSubmit } from '../../../shared/form';
import { billingApi, type BillingEncounter } from '../api';

interface Row { code: string; modifiers: string; pos: string; units: string }
const toRow = (l: ClaimLine): Row => ({ code: l.code, modifiers: l.modifiers.join(','), pos: l.pos ?? '', units: String(l.units) });
const toLine = (r: Row): ClaimLine => ({
  code: r.code.trim().toUpperCase(),
  modifiers: r.modifiers.split(',').map((m) => m.trim().toUpperCase()).filter(Boolean),
  pos: r.pos.trim() || null,
  units: Number(r.units),
});

/** Edits the lines to claim; a reason is required and kept in the audit trail. */
export function LinesEditor({ encounter, onSaved }: { encounter: BillingEncounter; onSaved: () => void }) {
  const [rows, setRows] = useState<Row[]>(encounter.lines.map(toRow));
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const set = (i: number, k: keyof Row) => (v: string) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const save = () => void submit.run(async () => {
    await billingApi.editLines(encounter.id, { lines: rows.map(toLine), reason });
    onSaved();
  });
  return (
    <form onSubmit={(ev) => { ev.preventDefault(); save(); }} aria-label="Edit lines">
      <h3>Lines to claim{encounter.edited ? ' (edited)' : ''}</h3>
      <ProblemAlert error={submit.error} />
      {rows.map((r, i) => (
        <fieldset key={i} className="inline-form">
          <legend>Line {i + 1}</legend>
          <TextField label={`Code ${i + 1}`} value={r.code} onValue={set(i, 'code')} />
          <TextField label={`Modifiers ${i + 1}`} value={r.modifiers} onValue={set(i, 'modifiers')} />
          <TextField label={`POS ${i + 1}`} value={r.pos} onValue={set(i, 'pos')} />
          <TextField label={`Units ${i + 1}`} value={r.units} onValue={set(i, 'units')} inputMode="numeric" />
          <button type="button" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>Remove line {i + 1}</button>
        </fieldset>
      ))}
      <button type="button" onClick={() => setRows((rs) => [...rs, { code: '', modifiers: '', pos: '', units: '1' }])}>Add line</button>
      <TextField label="Reason for the change" value={reason} onValue={setReason} />
      <button type="submit" disabled={submit.pending || reason.trim().length < 3}>Save lines</button>
    </form>
  );
}
