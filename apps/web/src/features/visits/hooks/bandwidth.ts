/**
 * Bandwidth adaptation: from the outbound video statistics (`RTCPeerConnection.getStats()`, W3C webrtc-stats
 * `remote-inbound-rtp.fractionLost`, `candidate-pair.availableOutgoingBitrate`, `outbound-rtp.qualityLimitationReason`)
 * choose a sending level — a bitrate cap and a resolution scale applied with `RTCRtpSender.setParameters`.
 * Down one level at once on a bad sample; up one level only after several good ones in a row (hysteresis, so a
 * link near a boundary does not oscillate).
 */
export interface QualityLevel {
  maxBitrate: number;
  scaleResolutionDownBy: number;
}

/** From best to worst. Level 0 is a 640×360 camera at full size. */
export const LEVELS: readonly QualityLevel[] = [
  { maxBitrate: 900_000, scaleResolutionDownBy: 1 },
  { maxBitrate: 500_000, scaleResolutionDownBy: 1.5 },
  { maxBitrate: 250_000, scaleResolutionDownBy: 2 },
  { maxBitrate: 120_000, scaleResolutionDownBy: 4 },
];

export interface OutboundSample {
  /** Fraction of packets lost as the receiver reports it (0–1), or null when not reported yet. */
  fractionLost: number | null;
  /** The congestion controller's estimate in bits/s, or null. */
  availableOutgoingBitrate: number | null;
  /** 'none' | 'bandwidth' | 'cpu' | 'other', or null. */
  qualityLimitationReason: string | null;
}

export interface AdaptState {
  level: number;
  /** Good samples in a row at this level. */
  good: number;
}

export const LOSS_DOWN = 0.08;
export const LOSS_UP = 0.02;
export const GOOD_SAMPLES_TO_STEP_UP = 3;

/**
 * The next state after one sample.
 * @param state - the current level and good-sample streak.
 * @param s - the latest outbound sample.
 */
export function adapt(state: AdaptState, s: OutboundSample): AdaptState {
  const current = LEVELS[state.level] ?? LEVELS[0]!;
  const lossy = s.fractionLost !== null && s.fractionLost > LOSS_DOWN;
  const starved = s.availableOutgoingBitrate !== null && s.availableOutgoingBitrate < current.maxBitrate * 0.8;
  const limited = s.qualityLimitationReason === 'bandwidth';
  if (lossy || starved || limited) return { level: Math.min(state.level + 1, LEVELS.length - 1), good: 0 };
  const better = LEVELS[state.level - 1];
  const clean = (s.fractionLost ?? 0) <= LOSS_UP;
  const roomy = better !== undefined && (s.availableOutgoingBitrate === null || s.availableOutgoingBitrate >= better.maxBitrate * 1.2);
  if (!better || !clean || !roomy) return { level: state.level, good: 0 };
  const good = state.good + 1;
  return good >= GOOD_SAMPLES_TO_STEP_UP ? { level: state.level - 1, good: 0 } : { level: state.level, good };
}

/** Reads one outbound sample from a sender's statistics report. */
export function sampleOf(report: RTCStatsReport): OutboundSample {
  const out: OutboundSample = { fractionLost: null, availableOutgoingBitrate: null, qualityLimitationReason: null };
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'remote-inbound-rtp' && typeof s.fractionLost === 'number') out.fractionLost = s.fractionLost;
    if (s.type === 'outbound-rtp' && typeof s.qualityLimitationReason === 'string') out.qualityLimitationReason = s.qualityLimitationReason;
    if (s.type === 'candidate-pair' && s.nominated === true && typeof s.availableOutgoingBitrate === 'number') out.availableOutgoingBitrate = s.availableOutgoingBitrate;
  });
  return out;
}

/** Applies a level to a video sender (no renegotiation: `setParameters`). */
export async function applyLevel(sender: RTCRtpSender, level: QualityLevel): Promise<void> {
  const params = sender.getParameters();
  if (!params.encodings || params.encodings.length === 0) return;
  for (const e of params.encodings) {
    e.maxBitrate = level.maxBitrate;
    e.scaleResolutionDownBy = level.scaleResolutionDownBy;
  }
  await sender.setParameters(params);
}
