import type { HdlcFrame } from './hdlc-frame.js';
import { type HdlcEvent, HdlcLinkError, type HdlcLinkOptions, HdlcStation } from './hdlc-link.js';
import {
  decodeHdlcParameters,
  encodeHdlcParameters,
  HDLC_DEFAULT_PARAMETERS,
  type HdlcParameters,
} from './hdlc-parameters.js';
import { LLC_HEADER_BYTES, LlcHeader } from './llc.js';

/** Where a client link stands. */
export type HdlcClientState = 'disconnected' | 'connecting' | 'connected' | 'disconnecting';

/**
 * The client end of an HDLC link: the primary station of IEC 62056-46 normal response mode.
 * Sans-io: methods return the frames to write, {@link receive} turns bytes read into events.
 *
 * Every command the client sends carries P = 1 and the server answers with F = 1. A segmented APDU
 * goes out one window of I frames at a time (segmentation bit S on all but the last), each window
 * acknowledged by the server's RR. A segmented response is fetched as meters expect: after each
 * I frame with S = 1 the client polls with RR N(R) for the next one (IEC 62056-46 §6.4.4: the
 * secondary sends only when polled). An I frame with an unexpected N(S) is dropped and answered with RR N(R) = V(R)
 * so the server goes back; unacknowledged frames are resent when the server's N(R) says so.
 *
 * Time-outs are the caller's: while {@link awaitingResponse} is true, arm a timer and call
 * {@link resend} when it fires.
 *
 * @example
 * const link = new HdlcClientLink({ clientAddress: hdlcAddress(0x10), serverAddress: hdlcAddress(1, 17) });
 * write(link.connect());
 * for (const e of link.receive(bytes)) if (e.type === 'connected') write(link.sendApdu(aarq));
 */
export class HdlcClientLink extends HdlcStation {
  #state: HdlcClientState = 'disconnected';
  /** A command with P = 1 is out and its F = 1 answer has not come. */
  #awaiting = false;
  #peerBusy = false;

  constructor(options: HdlcLinkOptions) {
    super(options, {
      local: options.clientAddress,
      remote: options.serverAddress,
      sendLlc: LlcHeader.command,
      receiveLlc: LlcHeader.response,
    });
  }

  get state(): HdlcClientState {
    return this.#state;
  }

  /** True while a response is due: the caller should time it and call {@link resend} on expiry. */
  get awaitingResponse(): boolean {
    return this.#awaiting;
  }

  /**
   * SNRM with this side's parameters (no information field when they are all the defaults, as
   * IEC 62056-46 §6.4.4.4.3.2 allows). Resets the sequence numbers.
   */
  connect(): Uint8Array[] {
    this.resetSequence();
    this.resetFraming();
    this.#state = 'connecting';
    return [this.#snrm()];
  }

  /** DISC. The link reports `disconnected` when the server answers UA or DM. */
  disconnect(): Uint8Array[] {
    this.#state = 'disconnecting';
    this.#awaiting = true;
    return [this.encode({ type: 'DISC' })];
  }

  /**
   * Queues an APDU (the LLC header E6 E6 00 is added here) and returns the frames that may go now;
   * none while an answer is due, the rest follow as the server acknowledges.
   */
  sendApdu(apdu: Uint8Array): Uint8Array[] {
    if (this.#state !== 'connected') {
      throw new HdlcLinkError('not-connected', `Cannot send an APDU: HDLC link is ${this.#state}`);
    }
    this.queueApdu(apdu);
    if (this.#awaiting || this.#peerBusy) return [];
    return this.#sent(this.sendWindow());
  }

  /** A UI frame with the LLC header and `apdu`; it must fit the max information field. */
  sendUnnumbered(apdu: Uint8Array, poll = false): Uint8Array[] {
    const information = new Uint8Array(LLC_HEADER_BYTES + apdu.length);
    information.set(LlcHeader.command);
    information.set(apdu, LLC_HEADER_BYTES);
    if (information.length > this.negotiated.maxInfoFieldLengthTransmit) {
      throw new RangeError(`UI information of ${information.length} bytes exceeds the max information field`);
    }
    if (poll) this.#awaiting = true;
    return [this.encode({ type: 'UI', pollFinal: poll, information })];
  }

  /**
   * What to send again after a time-out: SNRM, DISC, the unacknowledged I frames, or an RR poll
   * for the next segment. Empty when nothing is due.
   */
  resend(): Uint8Array[] {
    switch (this.#state) {
      case 'connecting':
        return [this.#snrm()];
      case 'disconnecting':
        return [this.encode({ type: 'DISC' })];
      case 'connected':
        if (!this.#awaiting) return [];
        if (this.unacknowledged.length > 0 && !this.#peerBusy) return this.resendUnacknowledged();
        return [this.receiveReady()];
      default:
        return [];
    }
  }

  protected handle(frame: HdlcFrame, events: HdlcEvent[]): void {
    if (frame.type === 'UI') {
      this.unnumbered(frame, events);
      if (frame.pollFinal) this.#awaiting = false;
      return;
    }
    if (frame.pollFinal) this.#awaiting = false;
    switch (this.#state) {
      case 'connecting':
        if (frame.type === 'UA') this.#connected(frame, events);
        else if (frame.type === 'DM') this.#down('refused', events);
        return;
      case 'disconnecting':
        if (frame.type === 'UA' || frame.type === 'DM') this.#down('disconnect', events);
        return;
      case 'connected':
        this.#connectedFrame(frame, events);
        return;
      default:
        return;
    }
  }

  #connectedFrame(frame: HdlcFrame, events: HdlcEvent[]): void {
    switch (frame.type) {
      case 'I':
      case 'RR':
      case 'RNR': {
        if (!this.acknowledge(frame.receiveSequence)) {
          events.push({
            type: 'error',
            error: new HdlcLinkError(
              'invalid-receive-sequence',
              `Server N(R) ${frame.receiveSequence} acknowledges frames never sent (V(S) ${this.sendState}); frame ignored`,
            ),
          });
          return;
        }
        this.#peerBusy = frame.type === 'RNR';
        const accepted = frame.type === 'I' ? this.acceptInformation(frame, events) : 'in-sequence';
        if (frame.pollFinal) this.#turn(accepted === 'out-of-sequence', events);
        return;
      }
      case 'DM':
        this.#down('disconnected-mode', events);
        return;
      case 'FRMR':
        events.push({
          type: 'error',
          error: new HdlcLinkError(
            'frame-rejected',
            'Server rejected a frame (FRMR); link must be set up again',
          ),
        });
        this.#down('frame-rejected', events);
        return;
      default:
        return;
    }
  }

  /** The server handed over the turn (F = 1): send what is due. */
  #turn(outOfSequence: boolean, events: HdlcEvent[]): void {
    let frames: Uint8Array[] = [];
    if (this.#peerBusy) frames = [];
    else if (this.unacknowledged.length > 0) frames = this.resendUnacknowledged();
    else if (this.outgoing.length > 0) frames = this.sendWindow();
    else if (this.reassembling || outOfSequence) frames = [this.receiveReady()];
    for (const bytes of this.#sent(frames)) events.push({ type: 'send', bytes });
  }

  #sent(frames: Uint8Array[]): Uint8Array[] {
    if (frames.length > 0) this.#awaiting = true;
    return frames;
  }

  #snrm(): Uint8Array {
    this.#awaiting = true;
    const isDefault = (Object.keys(HDLC_DEFAULT_PARAMETERS) as (keyof HdlcParameters)[]).every(
      (k) => this.own[k] === HDLC_DEFAULT_PARAMETERS[k],
    );
    return this.encode({
      type: 'SNRM',
      information: isDefault ? new Uint8Array(0) : encodeHdlcParameters(this.own),
    });
  }

  #connected(ua: HdlcFrame, events: HdlcEvent[]): void {
    // The UA's parameters are the server's view: its transmit is our receive.
    const server = decodeHdlcParameters(ua.information);
    this.negotiated = {
      maxInfoFieldLengthTransmit: Math.min(
        this.own.maxInfoFieldLengthTransmit,
        server.maxInfoFieldLengthReceive,
      ),
      maxInfoFieldLengthReceive: server.maxInfoFieldLengthTransmit,
      windowSizeTransmit: Math.min(this.own.windowSizeTransmit, server.windowSizeReceive),
      windowSizeReceive: server.windowSizeTransmit,
    };
    this.resetSequence();
    this.#peerBusy = false;
    this.#state = 'connected';
    events.push({ type: 'connected', parameters: this.negotiated });
  }

  #down(
    reason: 'disconnect' | 'refused' | 'disconnected-mode' | 'frame-rejected',
    events: HdlcEvent[],
  ): void {
    this.#state = 'disconnected';
    this.#awaiting = false;
    this.resetSequence();
    events.push({ type: 'disconnected', reason });
  }
}
