import { useCallback, useRef, useState } from 'react';
import { Upload } from 'tus-js-client';
import { API_BASE, currentCsrfToken } from '../../../shared/api-client';

export interface FileProgress {
  key: string;
  view: string | null;
  label: string;
  sent: number;
  total: number;
  state: 'hashing' | 'uploading' | 'done' | 'failed';
  error?: string;
}

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function problemTitle(err: Error): string {
  const res = (err as { originalResponse?: { getBody(): string } | null }).originalResponse;
  try {
    const body = res ? (JSON.parse(res.getBody()) as { title?: string; detail?: string }) : null;
    if (body?.title) return body.detail ?? body.title;
  } catch {
    // not a problem document: fall through
  }
  return 'The upload failed. It will resume where it stopped when you try again.';
}

/**
 * Resumable uploads with tus-js-client: 1 MiB chunks, automatic retries after a network drop, and resume
 * after a reload. The resume fingerprint is the case and the file's SHA-256 — never its name — so browser
 * storage holds no PHI, only an upload URL with an opaque id.
 */
export function useUploads(caseId: string, onDone: () => void) {
  const [files, setFiles] = useState<FileProgress[]>([]);
  const active = useRef(new Map<string, Upload>());

  const update = useCallback((key: string, patch: Partial<FileProgress>) => setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, ...patch } : f))), []);

  const add = useCallback(
    async (file: File, view: string | null) => {
      const key = `${view ?? 'extra'}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      setFiles((fs) => [...fs, { key, view, label: view ?? 'attachment', sent: 0, total: file.size, state: 'hashing' }]);
      const sha256 = await sha256Hex(file);
      const upload = new Upload(file, {
        endpoint: `${API_BASE}/uploads`,
        chunkSize: 1024 * 1024,
        retryDelays: [0, 500, 1000, 2000, 3000, 5000, 5000, 10000, 10000, 20000],
        metadata: { caseId, sha256, ...(view ? { view } : {}) },
        fingerprint: () => Promise.resolve(`case-${caseId}-${view ?? ''}-${sha256}`),
        removeFingerprintOnSuccess: true,
        onBeforeRequest: (req) => {
          const token = currentCsrfToken();
          if (token) req.setHeader('x-csrf-token', token);
        },
        onProgress: (sent, total) => update(key, { sent, total, state: 'uploading' }),
        onSuccess: () => {
          active.current.delete(key);
          update(key, { state: 'done', sent: file.size });
          onDone();
        },
        onError: (err) => {
          active.current.delete(key);
          update(key, { state: 'failed', error: problemTitle(err) });
        },
        // a 4xx problem from the pipeline is final; anything else (network, 5xx) is retried
        onShouldRetry: (err) => {
          const status = err.originalResponse?.getStatus() ?? 0;
          return status === 0 || status >= 500 || status === 423;
        },
      });
      active.current.set(key, upload);
      const previous = await upload.findPreviousUploads();
      if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    },
    [caseId, onDone, update],
  );

  const sent = files.reduce((n, f) => n + f.sent, 0);
  const total = files.reduce((n, f) => n + f.total, 0);
  return { files, add, overall: total ? sent / total : 0 };
}
