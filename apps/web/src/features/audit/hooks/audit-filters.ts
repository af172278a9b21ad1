import type { AuditExportQuery, AuditOutcome } from '../../../shared/contracts';
import { clientProblem, type ApiError } from '../../../shared/api-client';
import { isKeyOf, OUTCOME_LABELS } from '../../../shared/labels';

/** The filter form as typed by the user. `from`/`to` are `datetime-local` values in the viewer's zone. */
export interface AuditFilterValues extends Record<string, string> {
  userId: string;
  patientId: string;
  action: string;
  outcome: string;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilterValues = {
  userId: '',
  patientId: '',
  action: '',
  outcome: '',
  from: '',
  to: '',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTION = /^[a-z_.]+\*?$/;

function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** @returns the API query for the filter values, or a problem to show without asking the server. */
export function toQuery(v: AuditFilterValues): AuditExportQuery | ApiError {
  const patientId = v.patientId.trim();
  const action = v.action.trim();
  if (patientId && !UUID.test(patientId)) {
    return clientProblem('The patient id is not valid', 'Paste the record id shown on the patient’s page.');
  }
  if (action && !ACTION.test(action)) {
    return clientProblem(
      'The action is not valid',
      'Use an action name like patient.create, or a prefix like auth.*',
    );
  }
  let outcome: AuditOutcome | undefined;
  if (v.outcome) {
    if (!isKeyOf(OUTCOME_LABELS, v.outcome)) return clientProblem('Choose an outcome');
    outcome = v.outcome;
  }
  return {
    userId: v.userId || undefined,
    patientId: patientId || undefined,
    action: action || undefined,
    outcome,
    from: toIso(v.from),
    to: toIso(v.to),
  };
}
