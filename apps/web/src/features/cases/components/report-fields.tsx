import type { CaseTemplate } from '../api';
import { formatScalar } from '../review-format';

const eyes = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * Signed report fields with the template's labels. Per-eye fields (ophthalmology) form one table, a row per
 * finding and a column per eye; the rest a list. Values are text (React escapes them), never HTML.
 */
export function ReportFields({ values, template, version }: { values: Record<string, unknown>; template: CaseTemplate; version: number }) {
  const known = template.reportFields.filter((f) => f.key in values);
  const perEye = known.filter((f) => f.perEye);
  const single = known.filter((f) => !f.perEye);
  const unknown = Object.keys(values).filter((k) => !template.reportFields.some((f) => f.key === k));
  return (
    <>
      {perEye.length > 0 ? (
        <div className="table-wrap">
          <table className="per-eye-report">
            <caption>Findings per eye (version {version})</caption>
            <thead><tr><th scope="col">Finding</th><th scope="col">Right eye</th><th scope="col">Left eye</th></tr></thead>
            <tbody>
              {perEye.map((f) => (
                <tr key={f.key} data-field={f.key}>
                  <th scope="row">{f.label}</th>
                  <td>{formatScalar(f, eyes(values[f.key]).right)}</td>
                  <td>{formatScalar(f, eyes(values[f.key]).left)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <dl>
        {single.map((f) => <div key={f.key} data-field={f.key}><dt>{f.label}</dt><dd>{formatScalar(f, values[f.key])}</dd></div>)}
        {unknown.map((k) => <div key={k}><dt>{k.replace(/_/g, ' ')}</dt><dd>{formatScalar(undefined, values[k])}</dd></div>)}
      </dl>
    </>
  );
}
