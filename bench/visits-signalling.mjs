// @ts-check
/**
 * Signalling capacity (issue 3 benchmark): one server process, simulated participants over WebSocket (no
 * browsers) in rooms of 2–4 (host + patient + 0–2 guests). Every non-host participant sends an SDP/ICE-sized
 * `signal` to the host at a fixed rate and the host answers each one; one chat message per room every 10 s.
 * Measures the relayed messages per second and the relay latency (send → receive, same clock: all clients live in
 * this process) at the requested number of sockets. Writes bench/results/visits-signalling.json.
 *
 * Usage: node bench/visits-signalling.mjs [--sockets 5000] [--rate 1] [--seconds 20] [--chat-every 10] [--database pglite|postgres] [--out file]
 *   --rate: signals per second per non-host participant (each is answered, so relayed ≈ 2 × rate × guests)
 *   --chat-every: seconds between chat messages per room, spread evenly (0 = none); each chat is stored and audited
 */
import path from 'node:path';
import WebSocket from 'ws';
import { ROOT, arg, cleanupAll, createPgDatabase, installCleanupHandlers, masterKey, startServer, tempDir, writeJson } from './lib/harness.mjs';
import { signedInAdmin } from './visits-browser.mjs';

const argv = process.argv.slice(2);
const target = Number(arg(argv, 'sockets', '5000'));
const rate = Number(arg(argv, 'rate', '1'));
const seconds = Number(arg(argv, 'seconds', '20'));
const chatEvery = Number(arg(argv, 'chat-every', '10'));
const database = arg(argv, 'database', 'pglite');
const out = path.resolve(ROOT, arg(argv, 'out', 'bench/results/visits-signalling.json'));
/** @param {string} msg */
const log = (msg) => process.stderr.write(`[visits-signalling] ${msg}\n`);

/** Runs `fn` over `items` with at most `n` in flight. @template T @param {T[]} items @param {number} n @param {(t: T) => Promise<void>} fn */
async function pool(items, n, fn) {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (i < items.length) await fn(/** @type {T} */ (items[i++]));
  }));
}

/** @typedef {{ ws: WebSocket, id: string, host: boolean, room: Room }} Peer */
/** @typedef {{ visitId: string, tokens: string[], peers: Peer[] }} Room */

const latencies = /** @type {number[]} */ ([]);
let relayed = 0;
let errors = 0;
let measuring = false;

/** @param {string} url @param {Record<string, string>} headers @param {object} hello @param {Room} room @param {boolean} host */
function connect(url, headers, hello, room, host) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    /** @type {Peer} */
    const peer = { ws, id: '', host, room };
    ws.on('open', () => ws.send(JSON.stringify(hello)));
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      if (m.type === 'welcome') {
        peer.id = m.participantId;
        room.peers.push(peer);
        resolve(peer);
      } else if (m.type === 'signal') {
        if (measuring) {
          relayed++;
          latencies.push(performance.now() - Number(m.data.sdp.sdp.slice(2, 20)));
        }
        if (host && m.data.sdp.type === 'offer') {
          ws.send(JSON.stringify({ type: 'signal', to: m.from, data: { sdp: { type: 'answer', sdp: `v=${performance.now().toFixed(3).padStart(18, '0')}${PAD}` } } }));
        }
      } else if (m.type === 'error') {
        errors++;
        if (!peer.id) reject(new Error(m.code));
      }
    });
  });
}

const PAD = 'a=candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host generation 0\r\n'.repeat(12);

async function main() {
  installCleanupHandlers();
  const server = await startServer({
    env: {
      TELEHEALTH_DATA_DIR: tempDir('bench-signalling-'),
      TELEHEALTH_MASTER_KEY: masterKey(),
      NODE_ENV: 'test',
      RATE_LIMIT_PER_MINUTE: '100000000',
      ...(database === 'postgres' ? { DATABASE_URL: (await createPgDatabase()).url } : {}),
    },
    nodeArgs: ['--max-semi-space-size=64'],
  });
  await server.waitReady();
  const token = /setup#token=([A-Za-z0-9_-]+)/.exec(server.output())?.[1];
  if (!token) throw new Error('no setup link');
  const admin = await signedInAdmin(server.url, token);
  const site = await admin.call('POST', '/sites', { name: 'Bench Clinic', kind: 'clinic', timeZone: 'America/Denver', state: 'MT' });
  const patient = await admin.call('POST', '/patients', { siteId: site.id, mrn: 'S-1', givenName: 'Bench', familyName: 'Patient', birthDate: '1970-01-01', sex: 'unknown' });
  /** @type {Room[]} */
  const rooms = [];
  for (let sockets = 0, i = 0; sockets < target; i++) {
    const size = Math.min(2 + (i % 3), target - sockets);
    rooms.push({ visitId: '', tokens: new Array(Math.max(0, size - 1)).fill(''), peers: [] });
    sockets += size;
  }
  const t0 = performance.now();
  await pool(rooms, 16, async (room) => {
    room.visitId = (await admin.call('POST', '/visits', { patientId: patient.id, siteId: site.id, scheduledStart: null, durationMinutes: 20, reason: 'Bench' })).id;
    for (let k = 0; k < room.tokens.length; k++) {
      const inv = await admin.call('POST', `/visits/${room.visitId}/invitations`, { kind: k === 0 ? 'patient' : 'guest', displayName: k === 0 ? undefined : `Guest ${k}`, sendEmail: false });
      const t = inv.joinUrl.split('#')[1];
      await fetch(`${server.url}/api/v1/join/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: t, consentVersion: '2026-11-1' }) });
      room.tokens[k] = t;
    }
  });
  log(`${rooms.length} visits with invitations in ${Math.round(performance.now() - t0)} ms`);
  const wsUrl = `${server.url.replace('http', 'ws')}/signal`;
  const origin = server.url;
  const t1 = performance.now();
  const jobs = rooms.flatMap((room) => [
    () => connect(wsUrl, { origin, cookie: admin.cookie }, { type: 'hello', visitId: room.visitId }, room, true),
    ...room.tokens.map((t) => () => connect(wsUrl, { origin }, { type: 'hello', joinToken: t }, room, false)),
  ]);
  await pool(jobs, 64, async (job) => void (await job()));
  const sockets = rooms.reduce((n, r) => n + r.peers.length, 0);
  log(`${sockets} sockets joined in ${Math.round(performance.now() - t1)} ms`);

  const senders = rooms.flatMap((r) => r.peers.filter((p) => !p.host).map((p) => ({ p, host: /** @type {Peer} */ (r.peers.find((x) => x.host)) })));
  const interval = 1000 / (rate * senders.length);
  let next = 0;
  measuring = true;
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - started) / interval);
    for (; next < due; next++) {
      const s = senders[next % senders.length];
      if (!s) continue;
      s.p.ws.send(JSON.stringify({ type: 'signal', to: s.host.id, data: { sdp: { type: 'offer', sdp: `v=${performance.now().toFixed(3).padStart(18, '0')}${PAD}` } } }));
    }
  }, 5);
  // Chats spread evenly: one room every chatEvery / rooms seconds.
  let nextChat = 0;
  const chat = setInterval(() => {
    if (!chatEvery) return;
    const due = Math.floor(((performance.now() - started) / 1000 / chatEvery) * rooms.length);
    for (; nextChat < due; nextChat++) rooms[nextChat % rooms.length]?.peers[1]?.ws.send(JSON.stringify({ type: 'chat', text: 'How are you feeling today?' }));
  }, 5);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(timer);
  clearInterval(chat);
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  const s = [...latencies].sort((a, b) => a - b);
  const q = (/** @type {number} */ p) => Math.round((s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0) * 10) / 10;
  const result = {
    date: new Date().toISOString(),
    database,
    sockets,
    rooms: rooms.length,
    chatsPerSecond: chatEvery ? Math.round(rooms.length / chatEvery) : 0,
    seconds,
    offeredSignalsPerSecond: Math.round(rate * senders.length),
    relayedPerSecond: Math.round(relayed / elapsed),
    latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) },
    errors,
    serverAlive: (await fetch(`${server.url}/readyz`)).status === 200,
  };
  for (const r of rooms) for (const p of r.peers) p.ws.terminate();
  writeJson(out, result);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main()
  .catch((err) => {
    process.exitCode = 1;
    console.error(err);
  })
  .finally(() => cleanupAll());
