import type { CaseAttachment, TemplateField } from '@telehealth/contracts/cases';

/**
 * Pure helpers of the specialist's review screens: how values and images are named and paired. Kept apart
 * from the components so they are unit-tested without a browser.
 */

/** One value as words: option labels, Yes/No, numbers with their unit; "—" when empty. */
export function formatScalar(field: TemplateField | undefined, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (Array.isArray(v)) return v.map((x) => formatScalar(field, x)).join(', ') || '—';
  if (typeof v === 'number') return field?.unit ? `${v} ${field.unit}` : String(v);
  if (typeof v === 'string') return field?.options?.find((o) => o.value === v)?.label ?? v;
  return JSON.stringify(v);
}

/** Stored pixel size of an image, from its quality record (null for documents or unmeasured images). */
export function storedSize(a: CaseAttachment): { width: number; height: number } | null {
  const w = a.quality?.width;
  const h = a.quality?.height;
  return typeof w === 'number' && typeof h === 'number' ? { width: w, height: h } : null;
}

/**
 * The first pair to compare side by side: views that differ only by side (`right_…` / `left_…`, e.g. both
 * eyes' macula-centred images), else the first two images (the first twice when there is one).
 */
export function defaultPair(images: readonly CaseAttachment[]): [string, string] {
  for (const a of images) {
    const m = /^right_(.+)$/.exec(a.view ?? '');
    const b = m ? images.find((x) => x.view === `left_${m[1]}`) : undefined;
    if (b) return [a.id, b.id];
  }
  return [images[0]?.id ?? '', images[1]?.id ?? images[0]?.id ?? ''];
}
