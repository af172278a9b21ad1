import type { ClientMessage, ServerMessage } from '@telehealth/contracts/visits';

/** Close codes after which reconnecting is pointless (see the server's signalling/connection.ts). */
const FINAL = new Set([4401, 4403, 4410, 1008, 1009]);
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];

/**
 * The signalling socket with reconnection: on an unexpected close it reconnects with exponential back-off and
 * says hello again with `resume: true`, so the server resumes the same participant without re-admission.
 */
export class SignallingSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Messages sent while reconnecting, delivered in order once the socket is back (bounded). */
  private readonly outbox: ClientMessage[] = [];

  constructor(
    private readonly path: string,
    private readonly hello: Extract<ClientMessage, { type: 'hello' }>,
    private readonly onMessage: (m: ServerMessage) => void,
    private readonly onConnection: (state: 'open' | 'reconnecting' | 'closed', code?: number) => void,
  ) {
    this.connect(false);
  }

  send(m: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
    else if (!this.stopped && this.outbox.length < 100) this.outbox.push(m);
  }

  /** Leaves for good (close code 1000 = deliberately left). */
  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(1000);
  }

  /** Drops the connection as a network failure would (tests, "reconnect now"). */
  drop(): void {
    this.ws?.close(4000);
  }

  private connect(resume: boolean): void {
    const url = new URL(this.path, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      ws.send(JSON.stringify({ ...this.hello, resume }));
      for (const m of this.outbox.splice(0)) ws.send(JSON.stringify(m));
      this.onConnection('open');
    };
    ws.onmessage = (e: MessageEvent<string>) => this.onMessage(JSON.parse(e.data) as ServerMessage);
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      if (this.stopped || FINAL.has(e.code)) {
        this.onConnection('closed', e.code);
        return;
      }
      this.onConnection('reconnecting', e.code);
      const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)] ?? 8000;
      this.timer = setTimeout(() => this.connect(true), delay);
    };
  }
}
