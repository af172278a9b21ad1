import { useCallback, useState } from 'react';
import { Upload } from 'tus-js-client';
import type { DicomFileOutcome, DicomUploadResult } from '@telehealth/contracts/uploads';
import { API_BASE, currentCsrfToken } from '../../../shared/api-client';

/** One file (or zip) on its way, and then what the server made of it. */
export interface DicomUploadItem {
  key: string;
  label: string;
  sent: number;
  total: number;
  state: 'queued' | 'uploading' | 'done' | 'failed' | 'skipped';
  error?: string;
  outcomes?: DicomFileOutcome[];
  studies?: DicomUploadResult['studies'];
}

/** At most this many files upload at once (a folder can hold hundreds of slices). */
const PARALLEL = 3;

/** True for a DICOM Part 10 file ("DICM" at offset 128) or a zip archive ("PK\x03\x04"); read from the bytes, not the name. */
async function looksUploadable(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 132).arrayBuffer());
  const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const dicm = head.length === 132 && String.fromCharCode(...head.subarray(128, 132)) === 'DICM';
  return zip || dicm;
}

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function problemOf(err: Error): string {
  const res = (err as { originalResponse?: { getBody(): string } | null }).originalResponse;
  try {
    const body = res ? (JSON.parse(res.getBody()) as { title?: string; detail?: string }) : null;
    if (body?.title) return body.detail ?? body.title;
  } catch {
    // not a problem document
  }
  return 'The upload failed. Try again to resume it.';
}

/**
 * DICOM uploads of a case through tus (`kind dicom`): a folder is sent file by file — each DICOM file its own
 * resumable upload, so an interrupted folder resumes per file and each file gets its own outcome — and a
 * zip as one upload the server unpacks. Files that are neither DICOM nor zip (DICOMDIR is DICOM; .DS_Store,
 * thumbnails and viewers on a CD are not) are skipped before sending. The resume fingerprint is the case
 * and the file's SHA-256, never its name.
 */
export function useDicomUpload(caseId: string, onDone: () => void) {
  const [items, setItems] = useState<DicomUploadItem[]>([]);
  const update = useCallback((key: string, patch: Partial<DicomUploadItem>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x))), []);

  const send = useCallback(
    (file: File, key: string) =>
      new Promise<void>((resolve) => {
        void sha256Hex(file).then(async (sha256) => {
          let result: DicomUploadResult | null = null;
          const upload = new Upload(file, {
            endpoint: `${API_BASE}/uploads`,
            chunkSize: 1024 * 1024,
            retryDelays: [0, 500, 1000, 2000, 5000, 10000],
            metadata: { caseId, sha256, kind: 'dicom' },
            fingerprint: () => Promise.resolve(`dicom-${caseId}-${sha256}`),
            removeFingerprintOnSuccess: true,
            onBeforeRequest: (req) => {
              const token = currentCsrfToken();
              if (token) req.setHeader('x-csrf-token', token);
            },
            // the final PATCH of a DICOM upload answers 200 with each file's outcome
            onAfterResponse: (_req, res) => {
              if (res.getStatus() === 200 && res.getBody()) result = JSON.parse(res.getBody()) as DicomUploadResult;
            },
            onProgress: (sent, total) => update(key, { sent, total, state: 'uploading' }),
            onSuccess: () => {
              update(key, { state: 'done', sent: file.size, outcomes: result?.files ?? [], studies: result?.studies ?? [] });
              resolve();
            },
            onError: (err) => {
              update(key, { state: 'failed', error: problemOf(err) });
              resolve();
            },
            onShouldRetry: (err) => {
              const status = err.originalResponse?.getStatus() ?? 0;
              return status === 0 || status >= 500;
            },
          });
          const previous = await upload.findPreviousUploads();
          if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
          upload.start();
        });
      }),
    [caseId, update],
  );

  /** Uploads the chosen files (a folder's files or one zip), a few at a time; refreshes the case when all are done. */
  const add = useCallback(
    async (chosen: File[]) => {
      const batch = chosen.map((file, i) => ({ file, key: `${Date.now()}-${i}-${Math.random().toString(36).slice(2)}` }));
      setItems((xs) => [...xs, ...batch.map(({ file, key }) => ({ key, label: file.webkitRelativePath || file.name, sent: 0, total: file.size, state: 'queued' as const }))]);
      const queue = [...batch];
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          if (await looksUploadable(next.file)) await send(next.file, next.key);
          else update(next.key, { state: 'skipped', error: 'Not a DICOM file' });
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      onDone();
    },
    [send, update, onDone],
  );

  return { items, add };
}
