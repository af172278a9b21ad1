import type { ClientMessage } from '@telehealth/contracts/visits';
import { LEVELS, adapt, applyLevel, sampleOf, type AdaptState } from './bandwidth';

/** SDP, an ICE candidate, or an ICE-restart request, as the signalling contract carries them. */
export type SignalData = Extract<ClientMessage, { type: 'signal' }>['data'];

/** What this side sends: the camera and microphone stream, and a shared screen's track when sharing. */
export interface OutboundMedia {
  stream: MediaStream | null;
  screen: MediaStreamTrack | null;
}

/** Transceiver order, fixed by the offer: the answering side's transceivers follow the m-lines in this order. */
const AUDIO = 0;
const CAMERA = 1;
const SCREEN = 2;
/** How long `disconnected` may last before an ICE restart (it often recovers by itself within a few seconds). */
const DISCONNECTED_GRACE_MS = 2500;

export interface InboundCounters {
  framesDecoded: number;
  screenFramesDecoded: number;
  audioPackets: number;
  relay: boolean;
  iceRestarts: number;
  sendLevel: number;
}

/**
 * One RTCPeerConnection to one remote participant. Pre-connect (DESIGN, measured facts): the connection — ICE and
 * DTLS — is set up while the patient waits, with an audio, a camera and a screen transceiver whose senders carry no
 * track; admission then only calls `sender.replaceTrack(track)`, with no renegotiation, so video shows within a few
 * round trips. Nothing but RTCP leaves before admission (`replaceTrack(null)`, never `encodings[].active`). Screen
 * sharing is the same move on the third transceiver.
 *
 * ICE restart (RFC 8445 §9): the offering side restarts when the connection fails, or stays `disconnected`, or
 * when this device's network changes; the answering side asks it to (`{restart: true}`).
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly stream = new MediaStream();
  readonly screenStream = new MediaStream();
  iceRestarts = 0;
  private pending: RTCIceCandidateInit[] = [];
  private media: OutboundMedia | null = null;
  private disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  private quality: AdaptState = { level: 0, good: 0 };

  constructor(
    config: RTCConfiguration,
    readonly polite: boolean,
    private readonly signal: (data: SignalData) => void,
    onChange: () => void,
  ) {
    this.pc = new RTCPeerConnection(config);
    this.pc.onicecandidate = (e) => {
      const c = e.candidate;
      if (c) this.signal({ candidate: { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex, usernameFragment: c.usernameFragment } });
    };
    this.pc.ontrack = (e) => {
      const index = this.pc.getTransceivers().indexOf(e.transceiver);
      (index === SCREEN ? this.screenStream : this.stream).addTrack(e.track);
      onChange();
    };
    this.pc.onconnectionstatechange = () => {
      this.watchConnection();
      onChange();
    };
  }

  /** The offering side (the host towards a patient): adds the three transceivers and offers. */
  async offer(iceRestart = false): Promise<void> {
    if (this.pc.getTransceivers().length === 0) {
      this.pc.addTransceiver('audio', { direction: 'sendrecv' });
      this.pc.addTransceiver('video', { direction: 'sendrecv' });
      this.pc.addTransceiver('video', { direction: 'sendrecv' });
    }
    if (iceRestart) this.iceRestarts++;
    const offer = await this.pc.createOffer({ iceRestart });
    await this.pc.setLocalDescription(offer);
    this.signal({ sdp: { type: 'offer', sdp: offer.sdp ?? '' } });
  }

  /** Restarts ICE from this side: the offerer re-offers with new credentials; the answerer asks the offerer. */
  async restartIce(): Promise<void> {
    if (this.pc.signalingState === 'closed') return;
    if (this.polite) return this.signal({ restart: true });
    if (this.pc.signalingState === 'stable') await this.offer(true);
  }

  /** Handles SDP, a candidate or a restart request from the remote side. */
  async receive(data: SignalData): Promise<void> {
    if ('restart' in data) {
      if (!this.polite) await this.restartIce();
      return;
    }
    if ('sdp' in data) {
      await this.pc.setRemoteDescription(data.sdp);
      for (const c of this.pending.splice(0)) await this.pc.addIceCandidate(c);
      if (data.sdp.type === 'offer') {
        for (const t of this.pc.getTransceivers()) t.direction = 'sendrecv';
        await this.attach(this.media);
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        this.signal({ sdp: { type: 'answer', sdp: answer.sdp ?? '' } });
      }
    } else if (data.candidate) {
      if (this.pc.remoteDescription) await this.pc.addIceCandidate(data.candidate);
      else this.pending.push(data.candidate);
    }
  }

  /** Starts (media) or stops (null) sending on the existing transceivers: no renegotiation. */
  async attach(media: OutboundMedia | null): Promise<void> {
    this.media = media;
    const tracks = this.pc.getTransceivers();
    const want = [media?.stream?.getAudioTracks()[0] ?? null, media?.stream?.getVideoTracks()[0] ?? null, media?.screen ?? null];
    for (const [i, track] of want.entries()) {
      const t = tracks[i];
      if (t && t.sender.track !== track) await t.sender.replaceTrack(track);
    }
  }

  /** One bandwidth-adaptation step on the camera sender: reads its stats and lowers or raises its level. */
  async adaptSending(): Promise<void> {
    const sender = this.pc.getTransceivers()[CAMERA]?.sender;
    if (!sender?.track || this.pc.connectionState !== 'connected') return;
    const next = adapt(this.quality, sampleOf(await sender.getStats()));
    if (next.level !== this.quality.level) await applyLevel(sender, LEVELS[next.level]!);
    this.quality = next;
  }

  /** Inbound RTP counters for diagnostics and tests (`framesDecoded`, audio `packetsReceived`). */
  async inbound(): Promise<InboundCounters> {
    const t = this.pc.getTransceivers();
    const [all, camera, screen, audio] = await Promise.all([this.pc.getStats(), receiverStats(t[CAMERA]), receiverStats(t[SCREEN]), receiverStats(t[AUDIO])]);
    const pairs: string[] = [];
    let relay = false;
    all.forEach((s: Record<string, unknown>) => {
      if (s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded') pairs.push(String(s.localCandidateId));
    });
    all.forEach((s: Record<string, unknown>) => {
      if (s.type === 'local-candidate' && pairs.includes(String(s.id)) && s.candidateType === 'relay') relay = true;
    });
    return {
      framesDecoded: inboundSum(camera, 'framesDecoded'),
      screenFramesDecoded: inboundSum(screen, 'framesDecoded'),
      audioPackets: inboundSum(audio, 'packetsReceived'),
      relay,
      iceRestarts: this.iceRestarts,
      sendLevel: this.quality.level,
    };
  }

  close(): void {
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.pc.close();
  }

  private watchConnection(): void {
    const state = this.pc.connectionState;
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.disconnectedTimer = null;
    if (state === 'failed') void this.restartIce();
    if (state === 'disconnected') this.disconnectedTimer = setTimeout(() => void this.restartIce(), DISCONNECTED_GRACE_MS);
  }
}

async function receiverStats(t: RTCRtpTransceiver | undefined): Promise<RTCStatsReport | null> {
  return t ? t.receiver.getStats() : null;
}

function inboundSum(report: RTCStatsReport | null, field: 'framesDecoded' | 'packetsReceived'): number {
  let n = 0;
  report?.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp') n += Number(s[field] ?? 0);
  });
  return n;
}
