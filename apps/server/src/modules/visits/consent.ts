/**
 * The telehealth consent a participant accepts before the waiting room. The version is stored with the time and
 * the participant (visit_participants.consent_*); change the version whenever the text changes, so a participant
 * who accepted older wording is asked again.
 */
export const CONSENT = {
  version: '2026-11-1',
  text: [
    'I agree to receive care by live video (telehealth).',
    'The clinician may decide that an in-person visit is needed instead.',
    'The visit is private: audio and video are encrypted and not recorded. Chat messages are kept with my record.',
    'I can stop the visit at any time. In an emergency I will call 911.',
  ].join('\n'),
} as const;
