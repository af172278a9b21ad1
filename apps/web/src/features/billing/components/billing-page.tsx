import { useState } from 'react';
import { SelectField } from '../../../shared/form';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { billingApi, SERVICE_LABELS, SOURCE_LABELS, type BillingEncounter } from '../api';
import { EncounterPanel } from './encounter-panel';
import { ExportPanel } from './export-panel';
import { TotalsTable } from './totals-table';

const STATES = [
  { value: '', label: 'All' },
  { value: 'ready', label: 'Ready' },
  { value: 'held', label: 'Held' },
  { value: 'exported', label: 'Exported' },
];

const linesText = (e: BillingEncounter): string =>
  e.lines.length ? e.lines.map((l) => [l.code, ...l.modifiers].join('-') + (l.pos ? ` POS ${l.pos}` : '') + (l.units > 1 ? ` ×${l.units}` : '')).join(', ') : '—';

/** The billing work queue: encounters to code, their proposed lines, edits, holds and export. */
export function BillingPage() {
  const [state, setState] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [generation, setGeneration] = useState(0);
  const queue = useResource((signal) => billingApi.queue(state, signal), `${state}:${generation}`);
  const reload = () => setGeneration((g) => g + 1);
  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  return (
    <section>
      <PageHeader title="Billing queue" />
      <div className="filters">
        <SelectField label="State" value={state} onValue={setState} options={STATES} />
      </div>
      <Loadable {...queue}>
        {(page) => (
          <>
            {page.items.length === 0 ? <p>No encounters here.</p> : (
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">Encounters</caption>
                  <thead>
                    <tr>
                      <th scope="col">Select</th>
                      <th scope="col">Date of service</th>
                      <th scope="col">Source</th>
                      <th scope="col">Service</th>
                      <th scope="col">State</th>
                      <th scope="col">Lines</th>
                      <th scope="col">Needs / reason</th>
                      <th scope="col"><span className="visually-hidden">Open</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((e) => (
                      <tr key={e.id} data-encounter={e.id}>
                        <td>
                          <input type="checkbox" aria-label={`Select encounter of ${e.serviceDate}`} checked={selected.has(e.id)} disabled={e.state !== 'ready'} onChange={() => toggle(e.id)} />
                        </td>
                        <td>{e.serviceDate}</td>
                        <td>{SOURCE_LABELS[e.sourceKind]}</td>
                        <td>{SERVICE_LABELS[e.serviceType ?? ''] ?? e.serviceType ?? '—'}</td>
                        <td>{e.state}{e.edited ? ' (edited)' : ''}</td>
                        <td className="encounter-lines">{linesText(e)}</td>
                        <td>{e.proposed.needs.length ? `needs: ${e.proposed.needs.join(', ')}` : (e.holdReason ?? e.proposed.notBillableReason ?? '')}</td>
                        <td>
                          <button type="button" onClick={() => setOpen(open === e.id ? null : e.id)}>{open === e.id ? 'Close' : 'Open'}</button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {open && page.items.find((e) => e.id === open) ? (
              <EncounterPanel key={open} encounter={page.items.find((e) => e.id === open)!} onChanged={reload} />
            ) : null}
            <ExportPanel ids={[...selected].filter((id) => page.items.some((e) => e.id === id && e.state === 'ready'))} onExported={() => { setSelected(new Set()); reload(); }} />
          </>
        )}
      </Loadable>
      <TotalsTable generation={generation} />
    </section>
  );
}
