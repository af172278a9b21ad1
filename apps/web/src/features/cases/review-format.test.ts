import { describe, expect, it } from 'vitest';
import type { CaseAttachment, TemplateField } from '@telehealth/contracts/cases';
import { defaultPair, formatScalar, storedSize } from './review-format';

const image = (id: string, view: string | null, quality: CaseAttachment['quality'] = null): CaseAttachment => ({
  id, kind: 'image', view, contentType: 'image/jpeg', studyInstanceUid: null, quality, createdAt: '2026-01-01T00:00:00.000Z',
});

const icdr: TemplateField = {
  key: 'dr_severity', label: 'Diabetic retinopathy (ICDR)', type: 'select', perEye: true,
  options: [{ value: 'none', label: 'No apparent retinopathy' }, { value: 'moderate_npdr', label: 'Moderate NPDR' }],
};

describe('report values as words', () => {
  it('shows option labels, Yes/No, numbers with their unit and a dash for nothing', () => {
    expect(formatScalar(icdr, 'moderate_npdr')).toBe('Moderate NPDR');
    expect(formatScalar({ key: 'b', label: 'B', type: 'boolean' }, false)).toBe('No');
    expect(formatScalar({ key: 'm', label: 'Follow-up', type: 'number', unit: 'months' }, 3)).toBe('3 months');
    expect(formatScalar(icdr, null)).toBe('—');
    expect(formatScalar(icdr, '')).toBe('—');
  });

  it('keeps a value that is no longer an option as given, and text as text', () => {
    expect(formatScalar(icdr, 'severe_npdr')).toBe('severe_npdr');
    expect(formatScalar(undefined, '<b>bold</b>')).toBe('<b>bold</b>');
  });
});

describe('images to compare side by side', () => {
  it('pairs the same view of the right and left eye, whatever the upload order', () => {
    const images = [image('ld', 'left_disc'), image('rd', 'right_disc'), image('lm', 'left_macula'), image('rm', 'right_macula')];
    expect(defaultPair(images)).toEqual(['rd', 'ld']);
    expect(defaultPair(images.filter((a) => a.id !== 'ld'))).toEqual(['rm', 'lm']);
  });

  it('falls back to the first two images, or the only one twice', () => {
    expect(defaultPair([image('a', 'far'), image('b', null), image('c', 'close_up')])).toEqual(['a', 'b']);
    expect(defaultPair([image('a', 'right_macula')])).toEqual(['a', 'a']);
    expect(defaultPair([])).toEqual(['', '']);
  });

  it('reads the stored size from the quality record only when both sides are numbers', () => {
    expect(storedSize(image('a', null, { width: 1600, height: 1200, flags: [] }))).toEqual({ width: 1600, height: 1200 });
    expect(storedSize(image('a', null, { width: '1600', height: 1200 }))).toBeNull();
    expect(storedSize(image('a', null))).toBeNull();
  });
});
