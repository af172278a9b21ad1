import { Loadable } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { billingApi, SERVICE_LABELS } from '../api';

/** Encounters, billable encounters, lines and units per month of service and service type. */
export function TotalsTable({ generation }: { generation: number }) {
  const totals = useResource((signal) => billingApi.totals(signal), String(generation));
  return (
    <section aria-labelledby="totals-heading">
      <h2 id="totals-heading">Totals per month</h2>
      <Loadable {...totals}>
        {(t) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Service</th>
                  <th scope="col">Encounters</th>
                  <th scope="col">Billable</th>
                  <th scope="col">Lines</th>
                  <th scope="col">Units</th>
                </tr>
              </thead>
              <tbody>
                {t.items.map((r) => (
                  <tr key={`${r.month}:${r.serviceType}`}>
                    <td>{r.month}</td>
                    <td>{SERVICE_LABELS[r.serviceType] ?? r.serviceType}</td>
                    <td>{r.encounters}</td>
                    <td>{r.billable}</td>
                    <td>{r.lines}</td>
                    <td>{r.units}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loadable>
    </section>
  );
}
