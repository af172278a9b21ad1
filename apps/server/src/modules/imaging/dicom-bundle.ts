/**
 * Safe reading of a zip archive of DICOM files (docs/uploads.md "DICOM uploads"). The archive is untrusted:
 * entry names are checked (never used to store anything), symbolic links and special files are refused from
 * the external attributes, and sizes are bounded from the central directory and again while inflating, so a
 * zip bomb costs at most the limit in CPU and never that much memory.
 *
 * Two passes: `scanBundle` checks the whole archive (names, types, declared and actual sizes, nested
 * archives) without keeping any content, so a hostile archive is refused before anything is stored;
 * `readEntries` then yields each entry's bytes, one at a time, to the ingest.
 */
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../platform/errors.js';

export interface BundleLimits {
  maxEntries: number;
  /** Uncompressed bytes of all entries together. */
  maxBytes: number;
  /** Largest uncompressed entry (the largest instance the ingest accepts). */
  maxEntryBytes: number;
  /** Highest uncompressed/compressed ratio of an entry above RATIO_FLOOR bytes. */
  maxRatio: number;
}

/** Entries smaller than this are not held to the ratio (tiny files compress absurdly well and cost nothing). */
const RATIO_FLOOR = 1024 * 1024;
/** Unix file type bits of the external attributes (upper 16 bits when made on Unix: APPNOTE 4.4.15). */
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const MADE_ON_UNIX = 3;
/** Local file header, empty archive and spanned-archive signatures: an entry starting with one is an archive. */
const ZIP_MAGICS = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1'), Buffer.from('PK\x07\x08', 'latin1')];

/** True when the bytes start like a zip archive (local file header or empty archive). */
export function looksLikeZip(head: Buffer): boolean {
  return ZIP_MAGICS.slice(0, 2).some((m) => head.subarray(0, 4).equals(m));
}

/** An entry to ingest: its (display-only) name and its declared uncompressed size. */
export interface BundleEntry {
  name: string;
  size: number;
}

interface Checked extends BundleEntry {
  entry: Entry;
  directory: boolean;
}

function open(file: string): Promise<ZipFile> {
  return yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false }).catch(() => {
    throw new AppError('DICOM_BUNDLE_INVALID', 'The file is not a readable zip archive.');
  });
}

/** Every entry of the central directory, checked one by one; stops at the first bad one. */
async function* entries(zip: ZipFile, limits: BundleLimits): AsyncGenerator<Checked> {
  if (zip.entryCount > limits.maxEntries) throw new AppError('DICOM_BUNDLE_TOO_LARGE', `The archive has more than ${limits.maxEntries} entries.`);
  let declared = 0;
  for (;;) {
    const entry = await nextEntry(zip);
    if (!entry) return;
    const checked = check(entry, limits);
    declared += checked.size;
    if (declared > limits.maxBytes) throw new AppError('DICOM_BUNDLE_TOO_LARGE', 'The archive declares more uncompressed bytes than allowed.');
    yield checked;
  }
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (e: Entry) => (cleanup(), resolve(e));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = () => (cleanup(), reject(new AppError('DICOM_BUNDLE_INVALID', 'The zip central directory is malformed.')));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** Name, type and declared size of one entry (never its content). */
function check(entry: Entry, limits: BundleLimits): Checked {
  const raw = entry.fileName as unknown as Buffer;
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
  if (yauzl.validateFileName(name) !== null || name.includes('\0') || name.split('/').includes('..')) {
    throw new AppError('DICOM_BUNDLE_UNSAFE_ENTRY', 'An entry has an absolute or parent-directory path.');
  }
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (entry.versionMadeBy >> 8 === MADE_ON_UNIX && mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) {
    throw new AppError('DICOM_BUNDLE_UNSAFE_ENTRY', 'An entry is a symbolic link or a special file.');
  }
  if (entry.isEncrypted()) throw new AppError('DICOM_BUNDLE_INVALID', 'Encrypted entries are not supported.');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new AppError('DICOM_BUNDLE_INVALID', 'Only stored and deflated entries are supported.');
  const directory = name.endsWith('/') || mode === S_IFDIR;
  if (entry.uncompressedSize > limits.maxEntryBytes) throw new AppError('DICOM_BUNDLE_TOO_LARGE', 'An entry is larger than the largest accepted instance.');
  if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
    throw new AppError('DICOM_BUNDLE_TOO_LARGE', 'An entry has an implausible compression ratio.');
  }
  return { entry, name, size: entry.uncompressedSize, directory };
}

/**
 * Inflates one entry, never past its declared size (yauzl also checks the actual size against the
 * declared one); `onChunk` sees each piece. A lying size is a bomb.
 */
async function inflate(zip: ZipFile, c: Checked, onChunk: (chunk: Buffer) => void): Promise<void> {
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(c.entry);
  } catch {
    throw new AppError('DICOM_BUNDLE_INVALID', 'An entry could not be read.');
  }
  let seen = 0;
  try {
    for await (const chunk of stream) {
      seen += (chunk as Buffer).length;
      if (seen > c.size) throw new AppError('DICOM_BUNDLE_TOO_LARGE', 'An entry inflates to more bytes than it declares.');
      onChunk(chunk as Buffer);
    }
  } catch (err) {
    stream.destroy();
    if (err instanceof AppError) throw err;
    const msg = err instanceof Error ? err.message : '';
    if (/too many bytes/.test(msg)) throw new AppError('DICOM_BUNDLE_TOO_LARGE', 'An entry inflates to more bytes than it declares.');
    throw new AppError('DICOM_BUNDLE_INVALID', 'An entry is corrupt.');
  }
  if (seen !== c.size) throw new AppError('DICOM_BUNDLE_INVALID', 'An entry is shorter than it declares.');
}

/**
 * Checks a whole archive without storing anything: every name and type, declared sizes, the actual inflated
 * sizes (content is discarded as it streams), and that no entry is itself an archive.
 * @returns the number of file entries
 * @throws AppError DICOM_BUNDLE_INVALID, DICOM_BUNDLE_UNSAFE_ENTRY, DICOM_BUNDLE_NESTED_ARCHIVE or DICOM_BUNDLE_TOO_LARGE
 */
export async function scanBundle(file: string, limits: BundleLimits): Promise<number> {
  const zip = await open(file);
  let files = 0;
  try {
    for await (const c of entries(zip, limits)) {
      if (c.directory) continue;
      files++;
      let head = Buffer.alloc(0);
      await inflate(zip, c, (chunk) => {
        if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)]);
      });
      if (ZIP_MAGICS.some((m) => head.equals(m))) throw new AppError('DICOM_BUNDLE_NESTED_ARCHIVE');
    }
  } finally {
    zip.close();
  }
  return files;
}

/** Yields each file entry of an archive already checked by `scanBundle`, with its bytes (one entry in memory at a time). */
export async function* readEntries(file: string, limits: BundleLimits): AsyncGenerator<BundleEntry & { bytes: Buffer }> {
  const zip = await open(file);
  try {
    for await (const c of entries(zip, limits)) {
      if (c.directory) continue;
      const bytes = Buffer.alloc(c.size);
      let at = 0;
      await inflate(zip, c, (chunk) => {
        at += chunk.copy(bytes, at);
      });
      yield { name: c.name, size: c.size, bytes };
    }
  } finally {
    zip.close();
  }
}
