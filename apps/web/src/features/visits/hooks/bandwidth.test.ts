import { describe, expect, it } from 'vitest';
import { GOOD_SAMPLES_TO_STEP_UP, LEVELS, adapt, type AdaptState, type OutboundSample } from './bandwidth';

const clean: OutboundSample = { fractionLost: 0, availableOutgoingBitrate: 2_000_000, qualityLimitationReason: 'none' };
const run = (start: AdaptState, samples: OutboundSample[]) => samples.reduce(adapt, start);

describe('bandwidth adaptation', () => {
  it('stays at the best level on a clean, roomy link', () => {
    expect(run({ level: 0, good: 0 }, [clean, clean, clean, clean])).toEqual({ level: 0, good: 0 });
  });

  it('steps down one level per sample on loss, on low available bitrate, and when the encoder is bandwidth-limited', () => {
    expect(adapt({ level: 0, good: 0 }, { ...clean, fractionLost: 0.15 }).level).toBe(1);
    expect(adapt({ level: 1, good: 2 }, { ...clean, availableOutgoingBitrate: 300_000 })).toEqual({ level: 2, good: 0 });
    expect(adapt({ level: 0, good: 0 }, { ...clean, qualityLimitationReason: 'bandwidth' }).level).toBe(1);
  });

  it('never goes below the lowest level', () => {
    const bad = { ...clean, fractionLost: 0.5 };
    expect(run({ level: 0, good: 0 }, Array<OutboundSample>(10).fill(bad)).level).toBe(LEVELS.length - 1);
  });

  it('steps up only after several good samples in a row, and a mediocre sample resets the streak', () => {
    const s0 = { level: 2, good: 0 };
    const almost = run(s0, Array<OutboundSample>(GOOD_SAMPLES_TO_STEP_UP - 1).fill(clean));
    expect(almost.level).toBe(2);
    expect(adapt(almost, clean).level).toBe(1);
    const mediocre = { ...clean, fractionLost: 0.05 }; // between the up and down thresholds
    expect(run(s0, [clean, clean, mediocre, clean, clean]).level).toBe(2);
  });

  it('does not step up when the estimate leaves no room for the better level', () => {
    const tight = { ...clean, availableOutgoingBitrate: LEVELS[1]!.maxBitrate }; // enough for level 2, not 1 with margin
    expect(run({ level: 2, good: 0 }, Array<OutboundSample>(6).fill(tight)).level).toBe(2);
  });

  it('ignores cpu limitation and missing statistics (no evidence of a bad network)', () => {
    const unknown: OutboundSample = { fractionLost: null, availableOutgoingBitrate: null, qualityLimitationReason: null };
    expect(adapt({ level: 0, good: 0 }, { ...clean, qualityLimitationReason: 'cpu' }).level).toBe(0);
    expect(adapt({ level: 0, good: 0 }, unknown).level).toBe(0);
  });
});
