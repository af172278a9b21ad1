import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, toApiError } from '../../../shared/api-client';
import { dicomwebApi } from '../api';
import { BROWSER_CODECS, type DicomJson, imageInfo, type ImageInfo, NATIVE_SYNTAXES, num, text, undecodableReason } from './dicom-json';
import { decodeJpegGray } from './jpeg';
import { decodeFrame, type ModalityFrame } from './pixels';
import { type LoaderProgress, ProgressiveLoader } from './progressive-loader';
import { decodeRle } from './rle';

/** Requests in flight at once while a series loads (each slice: its metadata, then its frame). */
export const CONCURRENCY = 5;

/** One image of the stack: a frame of an instance. */
export interface StackItem {
  sopInstanceUid: string;
  frame: number;
  instanceNumber: number | null;
}

/** A loaded slice: decoded modality values, or the reason the server must render it. */
export interface Slice {
  meta: DicomJson;
  info: ImageInfo;
  frame: number;
  pixels: ModalityFrame | null;
  /** Set when the browser cannot decode the frame: it is shown as the server's rendered image. */
  fallback: string | null;
}

/** The images of a series in instance order (multi-frame instances contribute one item per frame). */
export function stackItems(instances: DicomJson[]): StackItem[] {
  const sorted = instances
    .map((ds) => ({ sop: text(ds, '00080018') ?? '', n: num(ds, '00200013'), frames: Math.max(1, num(ds, '00280008') ?? 1) }))
    .filter((i) => i.sop !== '')
    .sort((a, b) => (a.n ?? Number.MAX_SAFE_INTEGER) - (b.n ?? Number.MAX_SAFE_INTEGER) || a.sop.localeCompare(b.sop));
  return sorted.flatMap((i) => Array.from({ length: i.frames }, (_, f) => ({ sopInstanceUid: i.sop, frame: f + 1, instanceNumber: i.n })));
}

/** A frame's bytes in its transfer syntax → modality values (native, RLE Lossless or 8-bit JPEG baseline). */
async function toModality(bytes: Uint8Array, ts: string | null, info: ImageInfo): Promise<ModalityFrame> {
  const codec = ts === null ? undefined : BROWSER_CODECS[ts];
  if (codec === 'rle') return decodeFrame(decodeRle(bytes, info.rows * info.columns, info.bitsAllocated / 8), info);
  if (codec === 'jpeg') return decodeFrame(await decodeJpegGray(bytes, info.rows, info.columns), { ...info, bitsStored: 8, signed: false });
  if (ts !== null && !(ts in NATIVE_SYNTAXES)) throw new Error(`transfer syntax ${ts} cannot be decoded in the browser`);
  return decodeFrame(bytes, info, ts !== null && NATIVE_SYNTAXES[ts] === 'big');
}

export interface SeriesStack {
  items: StackItem[] | null;
  /** Slices by stack index (undefined: not loaded yet). Mutated in place; `version` changes on every load. */
  slices: (Slice | undefined)[];
  version: number;
  progress: LoaderProgress;
  error: ApiError | undefined;
  /** The first slice that failed to load, if any (shown to the user). */
  sliceError: ApiError | undefined;
  /** Tell the loader which slice is on screen: its neighbours load next. */
  focus: (index: number) => void;
}

/**
 * Loads a series progressively: the instance list (QIDO-RS), then each slice's metadata and frame (WADO-RS)
 * with {@link CONCURRENCY} requests in flight, nearest the slice on screen first. Frames are kept as
 * Int16Array modality values (≈ 0.5 MB per 512×512 CT slice).
 */
export function useSeriesStack(study: string, series: string): SeriesStack {
  const [items, setItems] = useState<StackItem[] | null>(null);
  const [version, setVersion] = useState(0);
  const [progress, setProgress] = useState<LoaderProgress>({ loaded: 0, failed: 0, total: 0, inFlight: 0 });
  const [error, setError] = useState<ApiError>();
  const [sliceError, setSliceError] = useState<ApiError>();
  const slices = useRef<(Slice | undefined)[]>([]);
  const loader = useRef<ProgressiveLoader<Slice> | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    slices.current = [];
    setItems(null);
    setError(undefined);
    setSliceError(undefined);
    const metadata = new Map<string, Promise<DicomJson>>();
    const metaOf = (sop: string, signal: AbortSignal) => {
      let p = metadata.get(sop);
      if (!p) {
        p = dicomwebApi.metadata(study, series, sop, signal);
        metadata.set(sop, p);
      }
      return p;
    };
    const load = async (index: number, signal: AbortSignal): Promise<Slice> => {
      const item = stack[index]!;
      const meta = await metaOf(item.sopInstanceUid, signal);
      const info = imageInfo(meta);
      const reason = undecodableReason(info);
      if (reason) return { meta, info, frame: item.frame, pixels: null, fallback: reason };
      const got = await dicomwebApi.frame(study, series, item.sopInstanceUid, item.frame, signal);
      return { meta, info, frame: item.frame, pixels: await toModality(got.bytes, got.transferSyntaxUid ?? info.transferSyntaxUid, info), fallback: null };
    };
    let stack: StackItem[] = [];
    dicomwebApi.instances(study, series, controller.signal).then(
      (instances) => {
        if (controller.signal.aborted) return;
        stack = stackItems(instances);
        slices.current = new Array<Slice | undefined>(stack.length);
        setItems(stack);
        setProgress({ loaded: 0, failed: 0, total: stack.length, inFlight: 0 });
        const l = new ProgressiveLoader<Slice>(stack.length, load, {
          concurrency: CONCURRENCY,
          onLoaded: (index, slice) => {
            slices.current[index] = slice;
            setVersion((v) => v + 1);
          },
          onFailed: (_index, err) => setSliceError((e) => e ?? toApiError(err)),
          onProgress: setProgress,
        });
        loader.current = l;
        controller.signal.addEventListener('abort', () => l.abort());
        l.start();
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setError(toApiError(err));
      },
    );
    return () => {
      controller.abort();
      loader.current = null;
    };
  }, [study, series]);

  const focus = useCallback((index: number) => loader.current?.focus(index), []);
  return { items, slices: slices.current, version, progress, error, sliceError, focus };
}
