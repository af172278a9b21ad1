import { describe, expect, it } from 'vitest';
import { ChainVerifier, GENESIS_HASH, canonicalJson, hashRow, type AuditRowContent } from './audit-chain.js';

type Row = AuditRowContent & { hash: string };

function content(seq: number, prevHash: string, over: Partial<AuditRowContent> = {}): AuditRowContent {
  return {
    seq,
    eventTime: new Date(Date.UTC(2026, 0, 15, 14, 0, seq)),
    userId: '11111111-1111-4111-8111-111111111111',
    role: 'clinician',
    organizationId: '22222222-2222-4222-8222-222222222222',
    patientId: seq % 2 ? '33333333-3333-4333-8333-333333333333' : null,
    action: 'patient.read',
    resourceType: 'patient',
    resourceId: '33333333-3333-4333-8333-333333333333',
    outcome: 'success',
    sourceIp: '127.0.0.1',
    userAgent: 'test',
    requestId: `req-${seq}`,
    detail: { n: seq, nested: { b: 1, a: [1, 2] } },
    prevHash,
    ...over,
  };
}

/** A correctly linked chain of `n` rows, as the writer would produce it. */
function chain(n: number): Row[] {
  const rows: Row[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const c = content(seq, prev);
    const hash = hashRow(c);
    rows.push({ ...c, hash });
    prev = hash;
  }
  return rows;
}

function verify(rows: Row[], head: { seq: number; hash: string } | null) {
  const v = new ChainVerifier();
  for (const r of rows) if (!v.push(r)) break;
  return v.finish(head);
}

function headOf(rows: Row[]) {
  const last = rows[rows.length - 1]!;
  return { seq: last.seq, hash: last.hash };
}

describe('canonicalJson', () => {
  it('does not depend on object key order at any depth', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: 's' } };
    const b = { a: { x: 's', y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"s","y":[1,{"p":2,"q":1}]},"b":1}');
  });

  it('keeps array order significant', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('drops undefined members as JSON does and writes null, strings and numbers as JSON', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson('x"y')).toBe('"x\\"y"');
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('distinguishes values that differ only in type', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({ a: 'null' }));
  });
});

describe('hashRow', () => {
  const base = content(7, 'f'.repeat(64));

  it('is a SHA-256 hex digest that does not depend on detail key order', () => {
    expect(hashRow(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRow({ ...base, detail: { nested: { a: [1, 2], b: 1 }, n: 7 } })).toBe(hashRow(base));
  });

  const changes: [keyof AuditRowContent, unknown][] = [
    ['seq', 8],
    ['eventTime', new Date(base.eventTime.getTime() + 1)],
    ['userId', '44444444-4444-4444-8444-444444444444'],
    ['userId', null],
    ['role', 'admin'],
    ['organizationId', null],
    ['patientId', '55555555-5555-4555-8555-555555555555'],
    ['action', 'patient.update'],
    ['resourceType', 'user'],
    ['resourceId', 'other'],
    ['outcome', 'denied'],
    ['sourceIp', '10.0.0.1'],
    ['userAgent', 'other'],
    ['requestId', 'req-x'],
    ['detail', { n: 7, nested: { b: 1, a: [2, 1] } }],
    ['detail', {}],
    ['prevHash', 'e'.repeat(64)],
  ];
  it.each(changes)('changes when %s changes (to %j)', (field, value) => {
    expect(hashRow({ ...base, [field]: value })).not.toBe(hashRow(base));
  });

  it('does not let content move between adjacent fields', () => {
    const a = { ...base, resourceType: 'a', resourceId: 'b,c' };
    const b = { ...base, resourceType: 'a,b', resourceId: 'c' };
    expect(hashRow(a)).not.toBe(hashRow(b));
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain and its recorded head', () => {
    const rows = chain(6);
    const v = new ChainVerifier();
    for (const r of rows) expect(v.push(r)).toBe(true);
    expect(v.finish(headOf(rows))).toBeNull();
    expect(v.count).toBe(6);
  });

  it('accepts an empty chain with no head', () => {
    expect(new ChainVerifier().finish(null)).toBeNull();
  });

  it('detects an altered row by its hash and names it', () => {
    const rows = chain(6);
    rows[2] = { ...rows[2]!, detail: { n: 99 } };
    expect(verify(rows, headOf(rows))).toMatchObject({ kind: 'altered', seq: 3 });
  });

  it('names the first of several altered rows', () => {
    const rows = chain(6);
    rows[4] = { ...rows[4]!, outcome: 'success', action: 'x' };
    rows[1] = { ...rows[1]!, userId: null };
    expect(verify(rows, headOf(rows))).toMatchObject({ kind: 'altered', seq: 2 });
  });

  it('detects an altered row whose hash was recomputed, because the next row no longer links to it', () => {
    const rows = chain(6);
    const forged = content(3, rows[1]!.hash, { action: 'patient.forged' });
    rows[2] = { ...forged, hash: hashRow(forged) };
    expect(verify(rows, headOf(rows))).toMatchObject({ kind: 'broken_link', seq: 4 });
  });

  it('detects a deleted row as missing', () => {
    const rows = chain(6);
    rows.splice(3, 1);
    const problem = verify(rows, headOf(rows));
    expect(problem).toMatchObject({ kind: 'missing', seq: 4 });
    expect(problem?.detail).toContain('row 4 is missing');
  });

  it('detects a deleted first row', () => {
    const rows = chain(3).slice(1);
    expect(verify(rows, headOf(rows))).toMatchObject({ kind: 'missing', seq: 1 });
  });

  it('detects a deleted row whose successors were renumbered, by the broken link', () => {
    const rows = chain(6);
    rows.splice(3, 1);
    const renumbered = rows.map((r, i) => ({ ...r, seq: i + 1 }));
    expect(verify(renumbered, headOf(renumbered))).toMatchObject({ kind: 'broken_link', seq: 4 });
  });

  it('detects two rows delivered out of order', () => {
    const rows = chain(6);
    [rows[2], rows[3]] = [rows[3]!, rows[2]!];
    expect(verify(rows, headOf(chain(6)))).toMatchObject({ kind: 'missing', seq: 3 });
  });

  it('detects a re-ordered pair whose seq numbers were swapped back into place', () => {
    const rows = chain(6);
    const third = rows[2]!;
    const fourth = rows[3]!;
    rows[2] = { ...fourth, seq: 3 };
    rows[3] = { ...third, seq: 4 };
    expect(verify(rows, headOf(rows))).toMatchObject({ kind: 'broken_link', seq: 3 });
  });

  it('detects a re-ordered pair that was also re-linked, because seq is inside the hash', () => {
    const rows = chain(6);
    rows[2] = { ...rows[3]!, seq: 3, prevHash: rows[1]!.hash };
    expect(verify(rows, headOf(rows))).toMatchObject({ kind: 'altered', seq: 3 });
  });

  it('detects a broken link to the previous row', () => {
    const rows = chain(6);
    const relinked = content(5, 'a'.repeat(64));
    rows[4] = { ...relinked, hash: hashRow(relinked) };
    expect(verify(rows, headOf(rows))).toMatchObject({ kind: 'broken_link', seq: 5 });
  });

  it('detects a first row that does not start from the genesis hash', () => {
    const c = content(1, 'b'.repeat(64));
    const rows = [{ ...c, hash: hashRow(c) }];
    expect(verify(rows, headOf(rows))).toMatchObject({ kind: 'broken_link', seq: 1 });
  });

  it('detects deletion of the newest rows by the recorded head', () => {
    const all = chain(6);
    const truncated = all.slice(0, 4);
    const problem = verify(truncated, headOf(all));
    expect(problem).toMatchObject({ kind: 'head_mismatch', seq: 5 });
    expect(problem?.detail).toContain('row 4');
  });

  it('detects deletion of every row when a head was recorded', () => {
    expect(verify([], headOf(chain(3)))).toMatchObject({ kind: 'head_mismatch', seq: 1 });
  });

  it('detects a missing head record when rows exist', () => {
    expect(verify(chain(3), null)).toMatchObject({ kind: 'head_mismatch', seq: 1 });
  });

  it('detects a tail rewritten with recomputed hashes, because the head hash differs', () => {
    const original = chain(6);
    const rows = original.slice(0, 4);
    let prev = rows[3]!.hash;
    for (const seq of [5, 6]) {
      const c = content(seq, prev, { action: 'forged' });
      const hash = hashRow(c);
      rows.push({ ...c, hash });
      prev = hash;
    }
    expect(verify(rows, headOf(original))).toMatchObject({ kind: 'head_mismatch' });
  });

  it('keeps the first problem and refuses further rows', () => {
    const rows = chain(4);
    rows[1] = { ...rows[1]!, role: 'admin' };
    const v = new ChainVerifier();
    expect(v.push(rows[0]!)).toBe(true);
    expect(v.push(rows[1])).toBe(false);
    expect(v.push(rows[2]!)).toBe(false);
    expect(v.finish(headOf(rows))).toMatchObject({ kind: 'altered', seq: 2 });
  });
});
