import type { Attestation, BillingEncounter, BillingQueue, BillingTotals, ClaimDetails, EncounterExport, LinesEdit } from '@telehealth/contracts/billing-queue';
import { api, apiFetch } from '../../shared/api-client';

export type { Attestation, BillingEncounter, ClaimDetails, EncounterExport };

const path = (id: string) => `/billing/encounters/${encodeURIComponent(id)}`;

/** Billing work queue API (docs/billing.md#the-work-queue). Only ids go into paths. */
export const billingApi = {
  queue: (state: string, signal?: AbortSignal) => api.get<BillingQueue>('/billing/encounters', { query: { state: state || undefined, limit: 200 }, signal }),
  totals: (signal?: AbortSignal) => api.get<BillingTotals>('/billing/totals', { signal }),
  attest: (id: string, body: Attestation) => api.put<BillingEncounter>(`${path(id)}/attestation`, body),
  claimDetails: (id: string, body: ClaimDetails) => api.put<BillingEncounter>(`${path(id)}/claim-details`, body),
  editLines: (id: string, body: LinesEdit) => api.put<BillingEncounter>(`${path(id)}/lines`, body),
  hold: (id: string, reason: string) => api.post<BillingEncounter>(`${path(id)}/hold`, { reason }),
  release: (id: string) => api.post<BillingEncounter>(`${path(id)}/release`),
  /** Exports selected encounters; answers the file's text and name. */
  export: async (body: EncounterExport): Promise<{ text: string; fileName: string; type: string }> => {
    const res = await apiFetch('POST', '/billing/encounters/export', { body });
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'claims.txt';
    return { text: await res.text(), fileName: name, type: res.headers.get('content-type') ?? 'text/plain' };
  },
};

export const SERVICE_LABELS: Record<string, string> = {
  synchronous_telehealth_em: 'Video/audio E/M',
  synchronous_telehealth_behavioral: 'Behavioural health',
  synchronous_telehealth_therapy: 'Therapy',
  interprofessional_consultation: 'Interprofessional consult',
  store_and_forward_review: 'Store-and-forward review',
};

export const SOURCE_LABELS: Record<BillingEncounter['sourceKind'], string> = {
  visit: 'Video visit',
  case: 'Consult (consultant)',
  case_referral: 'Consult (requesting)',
};
