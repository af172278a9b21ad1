import type { Case, CaseCreate } from '@telehealth/contracts/cases';
import type { Actor } from '../../platform/actor.js';
import type { Services } from '../../services.js';
import { DEMO_EMAIL_DOMAIN, SITE } from './demo-data.js';

/** The demo consults (docs/cases.md): one per state a visitor should see. */
export interface DemoCases {
  referrerEmail: string;
  caseIds: string[];
}

type CaseServices = Pick<Services, 'cases' | 'caseReview' | 'users'>;

const REFERRER = `dr.prairie@${DEMO_EMAIL_DOMAIN}`;
const DERMATOLOGIST = `dermatology@${DEMO_EMAIL_DOMAIN}`;
const MARK = '[demo]';

async function actorFor(s: CaseServices, email: string): Promise<Actor | null> {
  const u = await s.users.findByEmail(email);
  if (!u) return null;
  return { userId: u.id, organizationId: u.organizationId, roles: u.roles, patientId: null, via: 'system', sessionId: null, tokenId: null };
}

function derm(patientId: string, siteId: string, question: string): CaseCreate {
  return {
    patientId,
    siteId,
    specialty: 'dermatology',
    urgency: 'routine',
    question: `${MARK} ${question}`,
    history: { lesion_site: 'left forearm', duration: '3 months', evolution: 'growing', symptoms: ['itch'] },
    consent: { given: true, method: 'verbal' },
  };
}

/**
 * Seeds three consults from the Prairie Creek clinician, once (a second run finds them and creates
 * nothing): a dermatology case waiting in the queue (sign in as `dermatology` to claim it), a diabetic-
 * retinopathy screening waiting for the ophthalmologist, and a dermatology case already answered with a
 * signed report recommending a visit (sign in as `dr.prairie` to acknowledge it). No photos are seeded: the
 * quality panel lists the missing views, and the flows in docs/cases.md add them from the browser.
 * @param patientIds - MRN → id of the demo patients; @param siteIds - site name → id.
 */
export async function seedDemoCases(s: CaseServices, patientIds: Map<string, string>, siteIds: Map<string, string>): Promise<DemoCases | null> {
  const referrer = await actorFor(s, REFERRER);
  const dermatologist = await actorFor(s, DERMATOLOGIST);
  const siteId = siteIds.get(SITE.prairie);
  const [p1, p2] = ['HPH-100002', 'HPH-100003'].map((mrn) => patientIds.get(mrn));
  if (!referrer || !dermatologist || !siteId || !p1 || !p2) return null;
  const existing = (await s.cases.list(referrer, { view: 'referred', limit: 200 })).items;
  if (existing.length > 0) return { referrerEmail: REFERRER, caseIds: existing.map((c) => c.id) };

  const submit = async (input: CaseCreate): Promise<Case> => {
    const c = await s.cases.create(referrer, input);
    return s.cases.submit(referrer, c.id, undefined);
  };
  const queued = await submit(derm(p1, siteId, 'New pigmented lesion on the forearm, growing over 3 months. Benign?'));
  const screening = await submit({
    patientId: p2,
    siteId,
    specialty: 'ophthalmology',
    urgency: 'routine',
    question: `${MARK} Annual diabetic-retinopathy screening.`,
    history: { diabetes_type: 'type2', diabetes_years: 12, hba1c: 7.9, visual_symptoms: 'None' },
    consent: { given: true, method: 'verbal' },
  });
  const answered = await submit(derm(p2, siteId, 'Scaly patch on the scalp for 6 weeks.'));
  await s.caseReview.claim(dermatologist, answered.id);
  await s.caseReview.ask(dermatologist, answered.id, 'Does it itch or bleed?');
  await s.cases.reply(referrer, answered.id, 'It itches at night, no bleeding.');
  await s.caseReview.sign(dermatologist, answered.id, {
    outcome: 'recommend_visit',
    timeFrame: 'within 6 weeks',
    fields: { diagnosis: 'Seborrhoeic dermatitis, psoriasis in the differential', management: 'Ketoconazole shampoo twice weekly', biopsy_needed: false, in_person_needed: true },
  });
  return { referrerEmail: REFERRER, caseIds: [queued.id, screening.id, answered.id] };
}
