/** One body part of a multipart/related answer (RFC 2387) with its headers in lower case. */
export interface Part {
  headers: Record<string, string>;
  body: Uint8Array;
}

/** @returns the boundary parameter of a `multipart/related` Content-Type, or null. */
export function boundaryOf(contentType: string): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let i = hay.indexOf(first!, from); i >= 0 && i <= hay.length - needle.length; i = hay.indexOf(first!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Splits a multipart body (WADO-RS frames, PS3.18 §8.7.3.3) into parts. The bodies are views into `bytes`,
 * not copies.
 */
export function parseMultipart(bytes: Uint8Array, boundary: string): Part[] {
  const enc = new TextEncoder();
  const delimiter = enc.encode(`--${boundary}`);
  const parts: Part[] = [];
  let at = indexOf(bytes, delimiter, 0);
  while (at >= 0) {
    let start = at + delimiter.length;
    if (bytes[start] === 0x2d && bytes[start + 1] === 0x2d) break; // closing delimiter
    if (bytes[start] === 0x0d && bytes[start + 1] === 0x0a) start += 2;
    const headerEnd = indexOf(bytes, enc.encode('\r\n\r\n'), start);
    if (headerEnd < 0) throw new Error('multipart part without a header end');
    const headers: Record<string, string> = {};
    for (const line of new TextDecoder().decode(bytes.subarray(start, headerEnd)).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const next = indexOf(bytes, delimiter, headerEnd + 4);
    if (next < 0) throw new Error('multipart body without a closing boundary');
    // the CRLF before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1)
    const end = bytes[next - 2] === 0x0d && bytes[next - 1] === 0x0a ? next - 2 : next;
    parts.push({ headers, body: bytes.subarray(headerEnd + 4, end) });
    at = next;
  }
  return parts;
}
