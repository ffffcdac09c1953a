import { encodeHdlcControl, HDLC_MODULUS } from './hdlc-control.js';
import type { HdlcFrame } from './hdlc-frame.js';
import { type HdlcEvent, HdlcLinkError, type HdlcLinkOptions, HdlcStation } from './hdlc-link.js';
import { decodeHdlcParameters, encodeHdlcParameters, negotiateHdlcParameters } from './hdlc-parameters.js';
import { LlcHeader } from './llc.js';

/** Where a server link stands; `frame-rejected` answers FRMR until SNRM or DISC. */
export type HdlcServerState = 'disconnected' | 'connected' | 'frame-rejected';

/**
 * FRMR reason bits (ISO/IEC 13239 frame reject information field, used by IEC 62056-46 §6.4.3): the third byte of the
 * FRMR information field.
 */
export const HdlcFrameRejectReason = {
  /** W: the control field is undefined or not implemented. */
  undefinedControl: 0x01,
  /** X: the frame carried an information field it must not carry. */
  unexpectedInformation: 0x02,
  /** Y: the information field exceeds the negotiated maximum. */
  informationTooLong: 0x04,
  /** Z: N(R) names a frame not sent. */
  invalidReceiveSequence: 0x08,
} as const;

/**
 * The server end of an HDLC link: the secondary station of IEC 62056-46 normal response mode. It
 * answers SNRM with UA and the negotiated parameters, DISC with UA (DM when not connected),
 * acknowledges each segment of a segmented APDU with RR, and sends a long response one window of
 * I frames at a time, the next window when the client polls with RR (as meters do).
 *
 * Sequence faults: an I frame whose N(S) repeats the last one received is a retransmission (the
 * client lost the answer): it is dropped and the unacknowledged answer sent again. Any other N(S)
 * is dropped and answered with RR N(R) = V(R) so the client goes back. An N(R) naming a frame not
 * sent, or an information field over the negotiated maximum, is answered with FRMR and the link
 * waits for SNRM or DISC (IEC 62056-46 §6.4.4, frame reject condition).
 *
 * @example
 * const link = new HdlcServerLink({ clientAddress: hdlcAddress(0x10), serverAddress: hdlcAddress(1, 17) });
 * for (const e of link.receive(bytes)) {
 *   if (e.type === 'send') write(e.bytes);
 *   if (e.type === 'apdu') write(link.sendApdu(answer(e.apdu)));
 * }
 */
export class HdlcServerLink extends HdlcStation {
  #state: HdlcServerState = 'disconnected';
  /** A frame with P = 1 came and has not been answered: the server may send. */
  #hasTurn = false;
  #frameReject: Uint8Array = new Uint8Array(0);

  constructor(options: HdlcLinkOptions) {
    super(options, {
      local: options.serverAddress,
      remote: options.clientAddress,
      sendLlc: LlcHeader.response,
      receiveLlc: LlcHeader.command,
    });
  }

  get state(): HdlcServerState {
    return this.#state;
  }

  /**
   * Queues a response APDU (the LLC header E6 E7 00 is added here). Returns the first window of
   * I frames when the client is waiting for an answer, else nothing: the frames go out when the
   * client polls.
   */
  sendApdu(apdu: Uint8Array): Uint8Array[] {
    if (this.#state !== 'connected') {
      throw new HdlcLinkError('not-connected', `Cannot send an APDU: HDLC link is ${this.#state}`);
    }
    this.queueApdu(apdu);
    if (!this.#hasTurn) return [];
    this.#hasTurn = false;
    return this.sendWindow();
  }

  protected handle(frame: HdlcFrame, events: HdlcEvent[]): void {
    switch (frame.type) {
      case 'SNRM':
        this.#connect(frame, events);
        return;
      case 'DISC':
        if (this.#state === 'disconnected') {
          this.#send(events, this.encode({ type: 'DM' }));
          return;
        }
        this.#state = 'disconnected';
        this.resetSequence();
        this.#hasTurn = false;
        this.#send(events, this.encode({ type: 'UA' }));
        events.push({ type: 'disconnected', reason: 'disconnect' });
        return;
      case 'UI':
        this.unnumbered(frame, events);
        return;
      case 'I':
      case 'RR':
      case 'RNR':
        if (this.#state === 'disconnected') {
          // IEC 62056-46 §6.4.4 (ISO/IEC 13239 NDM): in disconnected mode a command with P = 1 is answered with DM.
          if (frame.pollFinal) this.#send(events, this.encode({ type: 'DM' }));
        } else if (this.#state === 'frame-rejected') {
          if (frame.pollFinal) this.#send(events, this.#frmr());
        } else {
          this.#numbered(frame, events);
        }
        return;
      default:
        // UA, DM and FRMR are responses; a primary does not send them.
        if (this.#state === 'connected' && frame.pollFinal) {
          this.#reject(frame, HdlcFrameRejectReason.undefinedControl, events);
        }
        return;
    }
  }

  #numbered(frame: HdlcFrame & { type: 'I' | 'RR' | 'RNR' }, events: HdlcEvent[]): void {
    if (frame.type === 'I' && frame.information.length > this.negotiated.maxInfoFieldLengthReceive) {
      this.#reject(frame, HdlcFrameRejectReason.informationTooLong, events);
      return;
    }
    if (!this.acknowledge(frame.receiveSequence)) {
      this.#reject(frame, HdlcFrameRejectReason.invalidReceiveSequence, events);
      return;
    }
    let answer: 'turn' | 'ack' | 'resend' = 'turn';
    if (frame.type === 'I') {
      const previous = (this.receiveState + HDLC_MODULUS - 1) % HDLC_MODULUS;
      if (this.acceptInformation(frame, events) === 'out-of-sequence') {
        answer = frame.sendSequence === previous ? 'resend' : 'ack';
      }
    }
    if (!frame.pollFinal) return;
    let frames: Uint8Array[];
    if (answer === 'resend' && this.#hasTurn)
      frames = []; // the answer is still being prepared
    else if (this.unacknowledged.length > 0 && frame.type !== 'RNR') frames = this.resendUnacknowledged();
    else if (answer === 'ack' || frame.type === 'RNR') frames = [this.receiveReady()];
    else if (this.outgoing.length > 0) frames = this.sendWindow();
    else if (this.reassembling) frames = [this.receiveReady()];
    else if (frame.type === 'I' && answer === 'turn') {
      // A complete APDU: the application answers through sendApdu.
      this.#hasTurn = true;
      frames = [];
    } else frames = [this.receiveReady()];
    this.#send(events, ...frames);
  }

  #connect(snrm: HdlcFrame, events: HdlcEvent[]): void {
    const proposed = decodeHdlcParameters(snrm.information);
    this.negotiated = negotiateHdlcParameters(proposed, this.own);
    this.resetSequence();
    this.#hasTurn = false;
    this.#state = 'connected';
    this.#send(events, this.encode({ type: 'UA', information: encodeHdlcParameters(this.negotiated) }));
    events.push({ type: 'connected', parameters: this.negotiated });
  }

  #reject(frame: HdlcFrame, reason: number, events: HdlcEvent[]): void {
    // ISO/IEC 13239 FRMR information field: rejected control field | V(S), C/R, V(R) | reason bits W X Y Z.
    const control = encodeHdlcControl(frame);
    this.#frameReject = Uint8Array.of(control, (this.receiveState << 5) | (this.sendState << 1), reason);
    this.#state = 'frame-rejected';
    this.#hasTurn = false;
    this.#send(events, this.#frmr());
  }

  #frmr(): Uint8Array {
    return this.encode({ type: 'FRMR', information: this.#frameReject });
  }

  #send(events: HdlcEvent[], ...frames: Uint8Array[]): void {
    for (const bytes of frames) events.push({ type: 'send', bytes });
  }
}
