import type { ClientMessage, IceServer, Modality, ParticipantKind, RoomPeer, ServerMessage, VisitStatus } from '@telehealth/contracts/visits';
import { PeerLink, type InboundCounters, type OutboundMedia } from './peer-link';
import { replaceDevice } from './local-media';
import { SignallingSocket } from './signalling-socket';

export interface ChatLine {
  from: string;
  displayName: string;
  text: string;
  at: string;
}

export interface CallState {
  connection: 'connecting' | 'open' | 'reconnecting' | 'closed';
  closeCode: number | null;
  me: { participantId: string; kind: ParticipantKind; admitted: boolean; cohost: boolean } | null;
  status: VisitStatus | null;
  peers: RoomPeer[];
  chat: ChatLine[];
  error: string | null;
  modality: Modality;
  /** This side is sharing its screen. */
  sharing: boolean;
  /** Peers sharing their screen with this side. */
  remoteSharing: string[];
  /** Peers whose connection dropped and who may still come back (grace period). */
  reconnecting: string[];
}

export interface CallOptions {
  signallingPath: string;
  hello: Extract<ClientMessage, { type: 'hello' }>;
  iceServers: IceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  local: MediaStream | null;
}

/** The staff side (host, platform users invited by account): offers to the others and pre-connects to waiting ones. */
const moderator = (k: ParticipantKind) => k === 'host' || k === 'clinician';
/** How often each link's outbound statistics are read for bandwidth adaptation. */
const ADAPT_EVERY_MS = 2000;

/**
 * One participant's side of a visit: the signalling socket, a peer link per remote participant (a mesh, at most
 * four people), and the media gate — media flows on a link only when both ends are admitted.
 */
export class Call {
  state: CallState = {
    connection: 'connecting', closeCode: null, me: null, status: null, peers: [], chat: [], error: null, modality: 'video', sharing: false, remoteSharing: [], reconnecting: [],
  };
  readonly links = new Map<string, PeerLink>();
  private readonly socket: SignallingSocket;
  private readonly listeners = new Set<() => void>();
  private screen: MediaStreamTrack | null = null;
  private readonly adaptTimer: ReturnType<typeof setInterval>;
  /**
   * A network change (Wi-Fi to cellular, offline and back): the old signalling connection is likely dead, so
   * reconnect it (resuming the same participant), and restart ICE on every link.
   */
  private readonly onNetworkChange = () => {
    this.socket.drop();
    for (const l of this.links.values()) void l.restartIce().catch((e: unknown) => this.fail(e));
  };

  constructor(private readonly opts: CallOptions) {
    this.socket = new SignallingSocket(opts.signallingPath, opts.hello, (m) => void this.onMessage(m).catch((e: unknown) => this.fail(e)), (c, code) => {
      this.set({ connection: c, closeCode: code ?? null });
    });
    window.addEventListener('online', this.onNetworkChange);
    (navigator as { connection?: EventTarget }).connection?.addEventListener('change', this.onNetworkChange);
    this.adaptTimer = setInterval(() => {
      for (const l of this.links.values()) void l.adaptSending().catch(() => undefined);
    }, ADAPT_EVERY_MS);
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  send(m: ClientMessage): void {
    this.socket.send(m);
  }

  /** Drops the signalling socket as a network failure would; it reconnects by itself. */
  dropSignalling(): void {
    this.socket.drop();
  }

  /** Switches to audio only (stops sending video) or back, and tells the visit record. */
  async setModality(modality: Modality): Promise<void> {
    const video = this.opts.local?.getVideoTracks()[0];
    if (video) video.enabled = modality === 'video';
    this.set({ modality });
    this.send({ type: 'modality', modality });
    await Promise.resolve();
  }

  /** Shares a screen (or window or tab) with every admitted peer; the browser asks the user what to share. */
  async startScreenShare(): Promise<void> {
    const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = display.getVideoTracks()[0] ?? null;
    if (!track) return;
    track.onended = () => void this.stopScreenShare();
    this.screen = track;
    await this.reattach();
    this.set({ sharing: true });
    this.send({ type: 'screen', sharing: true });
  }

  async stopScreenShare(): Promise<void> {
    this.screen?.stop();
    this.screen = null;
    await this.reattach();
    this.set({ sharing: false });
    this.send({ type: 'screen', sharing: false });
  }

  /** Switches camera or microphone during the call: a new track on every link by `replaceTrack`, no renegotiation. */
  async switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    if (!this.opts.local) return;
    await replaceDevice(this.opts.local, kind, deviceId);
    await this.reattach();
    this.set({});
  }

  leave(): void {
    window.removeEventListener('online', this.onNetworkChange);
    (navigator as { connection?: EventTarget }).connection?.removeEventListener('change', this.onNetworkChange);
    clearInterval(this.adaptTimer);
    this.screen?.stop();
    this.socket.close();
    for (const l of this.links.values()) l.close();
    this.links.clear();
  }

  /** Per-peer inbound counters (diagnostics; the browser tests read them). */
  async stats(): Promise<Record<string, InboundCounters>> {
    const out: Record<string, InboundCounters> = {};
    for (const [id, l] of this.links) out[id] = await l.inbound();
    return out;
  }

  private set(patch: Partial<CallState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private fail(e: unknown): void {
    this.set({ error: e instanceof Error ? e.message : String(e) });
  }

  private async onMessage(m: ServerMessage): Promise<void> {
    switch (m.type) {
      case 'welcome':
        this.set({ me: { participantId: m.participantId, kind: m.kind, admitted: m.admitted, cohost: m.cohost }, status: m.status, peers: m.peers, error: null });
        for (const p of m.peers) await this.ensureLink(p);
        return;
      case 'peer-joined':
        this.set({
          peers: [...this.state.peers.filter((p) => p.participantId !== m.peer.participantId), m.peer],
          reconnecting: this.state.reconnecting.filter((id) => id !== m.peer.participantId),
        });
        return this.ensureLink(m.peer, true);
      case 'peer-left':
        return this.onPeerLeft(m.participantId, m.reason);
      case 'admitted':
        return this.onAdmitted(m.participantId);
      case 'status':
        return this.set({ status: m.status });
      case 'signal':
        return this.onSignal(m.from, m.data);
      case 'chat':
        return this.set({ chat: [...this.state.chat, { from: m.from, displayName: m.displayName, text: m.text, at: m.at }] });
      case 'modality':
        return;
      case 'screen':
        return this.set({ remoteSharing: [...this.state.remoteSharing.filter((id) => id !== m.from), ...(m.sharing ? [m.from] : [])] });
      case 'cohost':
        return this.set({
          me: this.state.me && this.state.me.participantId === m.participantId ? { ...this.state.me, cohost: m.cohost } : this.state.me,
          peers: this.state.peers.map((p) => (p.participantId === m.participantId ? { ...p, cohost: m.cohost } : p)),
        });
      case 'removed':
      case 'ended':
        return this.leave();
      case 'pong':
        return;
      case 'error':
        return this.set({ error: `${m.code}: ${m.message}` });
    }
  }

  /** The moderator offers to everyone else; between equals the smaller id offers. Links exist only where the server relays. */
  private async ensureLink(peer: RoomPeer, fresh = false): Promise<void> {
    const me = this.state.me;
    if (!me) return;
    const existing = this.links.get(peer.participantId);
    if (existing && !fresh) return;
    if (existing && ['connected', 'connecting', 'new'].includes(existing.pc.connectionState)) return;
    existing?.close();
    if (!this.mayConnect(me, peer)) return;
    const offerer = moderator(me.kind) !== moderator(peer.kind) ? moderator(me.kind) : me.participantId < peer.participantId;
    if (!offerer) return; // wait for the offer
    const link = this.newLink(peer.participantId, false);
    if (this.mediaAllowed(peer.participantId)) await link.attach(this.outbound());
    await link.offer();
  }

  private mayConnect(me: { kind: ParticipantKind; admitted: boolean }, peer: RoomPeer): boolean {
    return moderator(me.kind) || moderator(peer.kind) || (me.admitted && peer.admitted);
  }

  private newLink(peerId: string, polite: boolean): PeerLink {
    const link = new PeerLink(
      { iceServers: this.opts.iceServers, iceTransportPolicy: this.opts.iceTransportPolicy },
      polite,
      (data) => this.send({ type: 'signal', to: peerId, data }),
      () => this.set({}),
    );
    this.links.set(peerId, link);
    return link;
  }

  private async onSignal(from: string, data: Extract<ServerMessage, { type: 'signal' }>['data']): Promise<void> {
    let link = this.links.get(from);
    if ('sdp' in data && data.sdp.type === 'offer' && (!link || link.pc.signalingState === 'closed')) link = this.newLink(from, true);
    if (!link) return;
    await link.attach(this.mediaAllowed(from) ? this.outbound() : null);
    await link.receive(data);
  }

  private mediaAllowed(peerId: string): boolean {
    const peer = this.state.peers.find((p) => p.participantId === peerId);
    return Boolean(this.state.me?.admitted && peer?.admitted);
  }

  private async onAdmitted(participantId: string): Promise<void> {
    const me = this.state.me;
    if (!me) return;
    if (participantId === me.participantId) this.set({ me: { ...me, admitted: true } });
    this.set({ peers: this.state.peers.map((p) => (p.participantId === participantId ? { ...p, admitted: true } : p)) });
    for (const p of this.state.peers) {
      const link = this.links.get(p.participantId);
      if (link && this.mediaAllowed(p.participantId)) await link.attach(this.outbound());
      if (!link && this.mediaAllowed(p.participantId)) await this.ensureLink(p);
    }
  }

  /** A dropped peer stays on screen as "reconnecting" (its peer connection may well survive); others go. */
  private onPeerLeft(peerId: string, reason: Extract<ServerMessage, { type: 'peer-left' }>['reason']): void {
    const reconnecting = this.state.reconnecting.filter((id) => id !== peerId);
    if (reason === 'dropped') return this.set({ reconnecting: [...reconnecting, peerId] });
    this.set({ peers: this.state.peers.filter((p) => p.participantId !== peerId), reconnecting, remoteSharing: this.state.remoteSharing.filter((id) => id !== peerId) });
    this.dropLink(peerId);
  }

  private outbound(): OutboundMedia {
    return { stream: this.opts.local, screen: this.screen };
  }

  /** Sends the current media on every link where both ends are admitted. */
  private async reattach(): Promise<void> {
    for (const [id, link] of this.links) if (this.mediaAllowed(id)) await link.attach(this.outbound());
  }

  private dropLink(peerId: string): void {
    this.links.get(peerId)?.close();
    this.links.delete(peerId);
  }
}
