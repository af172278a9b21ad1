import dcmjs, { type DicomDict } from 'dcmjs';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/actor.js';
import type { BlobStore } from '../../../platform/blob-store.js';
import { AppError } from '../../../platform/errors.js';
import type { AuditService } from '../../audit/audit.service.js';
import { isArrayBuffer, TS } from '../dicom-file.js';
import { visibleStudiesWhere } from '../imaging-access.js';
import * as repo from '../imaging.repo.js';
import type { ImagingService } from '../imaging.service.js';
import { toMetadata } from './dicom-json.js';
import { parseQidoQuery } from './qido-query.js';
import * as qido from './qido.repo.js';
import { instanceJson, seriesJson, studyJson } from './qido.js';
import { parseWindow, renderFrame } from './render.js';

export type Level = 'studies' | 'series' | 'instances';
export interface Scope {
  study?: string;
  series?: string;
  instance?: string;
}

/** Media types of encapsulated frames by transfer syntax (PS3.18 §8.7.3.5.2, Table 8.7.3-5). */
const FRAME_TYPE: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'image/jpeg',
  '1.2.840.10008.1.2.4.51': 'image/jpeg',
  '1.2.840.10008.1.2.4.57': 'image/jpeg',
  '1.2.840.10008.1.2.4.70': 'image/jpeg',
  '1.2.840.10008.1.2.4.80': 'image/jls',
  '1.2.840.10008.1.2.4.81': 'image/jls',
  '1.2.840.10008.1.2.4.90': 'image/jp2',
  '1.2.840.10008.1.2.4.91': 'image/jp2',
  '1.2.840.10008.1.2.5': 'image/x-dicom-rle',
};

export interface Stored {
  row: repo.InstanceRow & { seriesInstanceUid: string };
  bytes: Buffer;
}

/**
 * QIDO-RS search and WADO-RS retrieval (PS3.18 §10.6 and §10.4) over what the caller may see. Every search
 * and retrieval is audited; a study of another organization answers 404 and the refusal is audited.
 */
export class DicomwebService {
  constructor(
    private readonly imaging: ImagingService,
    private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    readonly base: string,
  ) {}

  /** QIDO-RS (PS3.18 §10.6): matches as DICOM JSON, and the query keys that were ignored. */
  async search(actor: Actor, level: Level, scope: Scope, raw: Record<string, unknown>): Promise<{ items: object[]; ignored: string[] }> {
    const q = parseQidoQuery(raw);
    if (scope.study) {
      await this.imaging.studyByUid(actor, scope.study, 'imaging.search');
      q.uids.StudyInstanceUID = [scope.study];
    }
    if (scope.series) q.uids.SeriesInstanceUID = [scope.series];
    const visible: SQL = visibleStudiesWhere(actor);
    const db = this.imaging.db;
    const items =
      level === 'studies'
        ? (await qido.searchStudies(db, visible, q)).map((m) => studyJson(m, this.base))
        : level === 'series'
          ? (await qido.searchSeries(db, visible, q)).map((m) => seriesJson(m, this.base))
          : (await qido.searchInstances(db, visible, q)).map((m) => instanceJson(m, this.base));
    await this.audit.record({ actor, action: 'imaging.search', outcome: 'success', resourceType: 'imaging_study', detail: { level, count: items.length } });
    return { items, ignored: q.ignored };
  }

  /** The stored instances of a study, series or instance the caller may see (404 when none). */
  async instances(actor: Actor, scope: Required<Pick<Scope, 'study'>> & Scope, action: string): Promise<(repo.InstanceRow & { seriesInstanceUid: string })[]> {
    const study = await this.imaging.studyByUid(actor, scope.study, action);
    const rows = await repo.listInstances(this.imaging.db, study.id, scope.series, scope.instance);
    if (rows.length === 0) throw new AppError('NOT_FOUND');
    return rows;
  }

  /** The bytes of each instance, read from the blob store one at a time as the caller iterates. */
  async *read(rows: (repo.InstanceRow & { seriesInstanceUid: string })[]): AsyncGenerator<Stored> {
    for (const row of rows) yield { row, bytes: await this.blobs.get(row.blobKey) };
  }

  instanceUrl(study: string, r: { seriesInstanceUid: string; sopInstanceUid: string }): string {
    return `${this.base}/studies/${study}/series/${r.seriesInstanceUid}/instances/${r.sopInstanceUid}`;
  }

  /** WADO-RS metadata (PS3.18 §10.4.1.1.2): DICOM JSON with BulkDataURIs instead of binary values. */
  async metadata(actor: Actor, scope: Required<Pick<Scope, 'study'>> & Scope): Promise<object[]> {
    const rows = await this.instances(actor, scope, 'imaging.metadata');
    const out: object[] = [];
    for await (const { row, bytes } of this.read(rows)) {
      const d = parse(bytes);
      out.push(toMetadata(d.dict, d.meta, (tag) => `${this.instanceUrl(scope.study, row)}/bulkdata/${tag}`));
    }
    return out;
  }

  /** One instance, parsed, for frames, bulk data and rendering. */
  async one(actor: Actor, scope: Required<Scope>, action: string): Promise<{ row: repo.InstanceRow; dicom: DicomDict }> {
    const [row] = await this.instances(actor, scope, action);
    return { row: row!, dicom: parse(await this.blobs.get(row!.blobKey)) };
  }

  /** WADO-RS frames (PS3.18 §10.4.1.1.3): each requested frame's pixel data, as stored. */
  async frames(actor: Actor, scope: Required<Scope>, list: string): Promise<{ type: string; frames: Buffer[] }> {
    const numbers = list.split(',').map(Number);
    if (numbers.length > 1000 || !numbers.every((n) => Number.isInteger(n) && n >= 1)) throw new AppError('DICOMWEB_QUERY_INVALID', 'frames must be a list of frame numbers from 1.');
    const { row, dicom } = await this.one(actor, scope, 'imaging.retrieve');
    const all = frameBuffers(dicom, row);
    const frames = numbers.map((n) => {
      const f = all[n - 1];
      if (!f) throw new AppError('FRAME_NOT_FOUND');
      return f;
    });
    const type = FRAME_TYPE[row.transferSyntaxUid] ?? 'application/octet-stream';
    return { type: `${type}; transfer-syntax=${row.transferSyntaxUid}`, frames };
  }

  /** WADO-RS bulk data of one top-level attribute (PS3.18 §10.4.1.1.5), one part per value. */
  async bulkdata(actor: Actor, scope: Required<Scope>, tag: string): Promise<Buffer[]> {
    const { dicom } = await this.one(actor, scope, 'imaging.retrieve');
    const values = dicom.dict[tag.toUpperCase()]?.Value ?? [];
    const buffers = values.filter(isArrayBuffer).map((v) => Buffer.from(v));
    if (buffers.length === 0) throw new AppError('NOT_FOUND');
    return buffers;
  }

  /** Rendered frame or thumbnail (PS3.18 §10.4.1.1.4, §10.4.1.1.6). */
  async rendered(actor: Actor, scope: Required<Scope>, frame: number, type: 'image/png' | 'image/jpeg', window: string | undefined, maxSide: number | null): Promise<Buffer> {
    const win = parseWindow(window);
    const { row, dicom } = await this.one(actor, scope, 'imaging.retrieve');
    if ((row.rows ?? 0) * (row.columns ?? 0) > 50_000_000) throw new AppError('DICOMWEB_NOT_ACCEPTABLE', 'The image is too large to render.');
    return renderFrame(dicom.dict, row.transferSyntaxUid, frame, type, win, maxSide);
  }

  /** The instance a series or study thumbnail shows: the middle one of the (first) series. */
  async representative(actor: Actor, scope: Required<Pick<Scope, 'study'>> & Scope): Promise<Required<Scope>> {
    const rows = await this.instances(actor, scope, 'imaging.retrieve');
    const series = rows.filter((r) => r.seriesInstanceUid === rows[0]!.seriesInstanceUid);
    const mid = series[Math.floor((series.length - 1) / 2)]!;
    return { study: scope.study, series: mid.seriesInstanceUid, instance: mid.sopInstanceUid };
  }
}

function parse(bytes: Buffer): DicomDict {
  return dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
}

/** Frames as stored: encapsulated syntaxes hold one value per frame; native pixel data is cut by frame size. */
function frameBuffers(dicom: DicomDict, row: repo.InstanceRow): Buffer[] {
  const values = (dicom.dict['7FE00010']?.Value ?? []).filter(isArrayBuffer);
  const native = row.transferSyntaxUid === TS.explicitLittle || row.transferSyntaxUid === TS.implicitLittle || row.transferSyntaxUid === TS.deflated || row.transferSyntaxUid === TS.explicitBig;
  if (!native) return values.map((v) => Buffer.from(v));
  const data = values[0] ? Buffer.from(values[0]) : Buffer.alloc(0);
  const n = row.numberOfFrames ?? 1;
  const size = Math.floor(data.length / Math.max(n, 1));
  return Array.from({ length: n }, (_, i) => data.subarray(i * size, (i + 1) * size)).filter((b) => b.length > 0);
}
