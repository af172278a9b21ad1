import type { DicomAttribute, DicomDataset } from 'dcmjs';

/** DICOM JSON (PS3.18 Annex F): one attribute; an absent value is an attribute with no `Value`. */
export function attr(vr: string, value: string | number | null | (string | number)[] | undefined): DicomAttribute {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return { vr };
  const values = Array.isArray(value) ? value : [value];
  return { vr, Value: vr === 'PN' ? values.map((v) => ({ Alphabetic: String(v) })) : values };
}

const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);

/**
 * The metadata of an instance in DICOM JSON with every binary value replaced by a BulkDataURI
 * (PS3.18 §8.3.5.1, F.2.6): `bulkdataUrl(tag)` for top-level attributes; binary values inside sequences
 * are left out (their `vr` stays).
 */
export function toMetadata(dict: DicomDataset, meta: DicomDataset, bulkdataUrl: (tag: string) => string): DicomDataset {
  const out: DicomDataset = {};
  const ts = meta['00020010'];
  if (ts) out['00020010'] = { vr: 'UI', Value: ts.Value ?? [] };
  for (const [tag, a] of Object.entries(dict)) out[tag] = clean(a, () => bulkdataUrl(tag), 0);
  return out;
}

function clean(a: DicomAttribute, uri: (() => string) | null, depth: number): DicomAttribute {
  if (BINARY_VRS.has(a.vr)) return uri && a.Value?.length ? { vr: a.vr, BulkDataURI: uri() } : { vr: a.vr };
  if (a.vr === 'SQ' && a.Value && depth < 8) {
    return { vr: 'SQ', Value: a.Value.map((item) => Object.fromEntries(Object.entries(item as DicomDataset).map(([t, v]) => [t, clean(v, null, depth + 1)]))) };
  }
  if (!a.Value) return { vr: a.vr };
  return { vr: a.vr, Value: a.Value };
}
