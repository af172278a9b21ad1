import type { ClientMessage } from '@telehealth/contracts/visits';

/** SDP or an ICE candidate, as the signalling contract carries them. */
export type SignalData = Extract<ClientMessage, { type: 'signal' }>['data'];

/**
 * One RTCPeerConnection to one remote participant. Pre-connect (DESIGN, measured facts): the connection — ICE and
 * DTLS — is set up while the patient waits, with an audio and a video transceiver whose senders carry no track;
 * admission then only calls `sender.replaceTrack(track)`, with no renegotiation, so video shows within a few
 * round trips. Nothing but RTCP leaves before admission (`replaceTrack(null)`, never `encodings[].active`).
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly stream = new MediaStream();
  private pending: RTCIceCandidateInit[] = [];
  private sending = false;

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
      this.stream.addTrack(e.track);
      onChange();
    };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'failed' && !this.polite) void this.offer(true);
      onChange();
    };
  }

  /** The offering side (the host towards a patient): adds the two transceivers and offers. */
  async offer(iceRestart = false): Promise<void> {
    if (this.pc.getTransceivers().length === 0) {
      this.pc.addTransceiver('audio', { direction: 'sendrecv' });
      this.pc.addTransceiver('video', { direction: 'sendrecv' });
    }
    const offer = await this.pc.createOffer({ iceRestart });
    await this.pc.setLocalDescription(offer);
    this.signal({ sdp: { type: 'offer', sdp: offer.sdp ?? '' } });
  }

  /** Handles SDP or a candidate from the remote side. */
  async receive(data: SignalData, local: MediaStream | null): Promise<void> {
    if ('sdp' in data) {
      await this.pc.setRemoteDescription(data.sdp);
      for (const c of this.pending.splice(0)) await this.pc.addIceCandidate(c);
      if (data.sdp.type === 'offer') {
        for (const t of this.pc.getTransceivers()) t.direction = 'sendrecv';
        await this.attach(this.sending ? local : null);
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        this.signal({ sdp: { type: 'answer', sdp: answer.sdp ?? '' } });
      }
    } else if (data.candidate) {
      if (this.pc.remoteDescription) await this.pc.addIceCandidate(data.candidate);
      else this.pending.push(data.candidate);
    }
  }

  /** Starts (a stream) or stops (null) sending media on the existing transceivers: no renegotiation. */
  async attach(local: MediaStream | null): Promise<void> {
    this.sending = local !== null;
    for (const t of this.pc.getTransceivers()) {
      const kind = t.receiver.track.kind;
      const track = local?.getTracks().find((x) => x.kind === kind) ?? null;
      if (t.sender.track !== track) await t.sender.replaceTrack(track);
    }
  }

  /** Inbound RTP counters for diagnostics and tests (`framesDecoded`, audio `packetsReceived`). */
  async inbound(): Promise<{ framesDecoded: number; audioPackets: number; relay: boolean }> {
    const stats = await this.pc.getStats();
    let framesDecoded = 0;
    let audioPackets = 0;
    let relay = false;
    const pairs: string[] = [];
    stats.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') framesDecoded += Number(s.framesDecoded ?? 0);
      if (s.type === 'inbound-rtp' && s.kind === 'audio') audioPackets += Number(s.packetsReceived ?? 0);
      if (s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded') pairs.push(String(s.localCandidateId));
    });
    stats.forEach((s: Record<string, unknown>) => {
      if (s.type === 'local-candidate' && pairs.includes(String(s.id)) && s.candidateType === 'relay') relay = true;
    });
    return { framesDecoded, audioPackets, relay };
  }

  close(): void {
    this.pc.close();
  }
}
