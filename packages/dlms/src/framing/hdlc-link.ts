import { CodecError, concatBytes } from '@gridmeter/codec';
import type { HdlcAddress } from './hdlc-address.js';
import { HDLC_MODULUS } from './hdlc-control.js';
import { encodeHdlcFrame, type HdlcFrame, type HdlcFrameInit } from './hdlc-frame.js';
import { HDLC_DEFAULT_PARAMETERS, HDLC_MAX_WINDOW_SIZE, type HdlcParameters } from './hdlc-parameters.js';
import { HdlcSplitter } from './hdlc-splitter.js';
import { LLC_HEADER_BYTES, startsWithLlc } from './llc.js';

/** Why a link reported an {@link HdlcLinkError}. */
export type HdlcLinkErrorCode =
  /** The peer acknowledged frames never sent (N(R) outside the window). */
  | 'invalid-receive-sequence'
  /** The peer sent FRMR. */
  | 'frame-rejected'
  /** The first segment did not start with the LLC header of IEC 62056-46 §5.3.2. */
  | 'missing-llc-header'
  /** Reassembly would exceed `maxApduBytes`. */
  | 'apdu-too-large'
  /** An APDU was given to a link that is not connected. */
  | 'not-connected';

/** A protocol fault on an HDLC link (not a malformed frame: that is a `CodecError`). */
export class HdlcLinkError extends Error {
  override readonly name: string = 'HdlcLinkError';
  readonly code: HdlcLinkErrorCode;

  constructor(code: HdlcLinkErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** Why a link is no longer connected. */
export type HdlcDisconnectReason = 'disconnect' | 'refused' | 'disconnected-mode' | 'frame-rejected';

/** What {@link HdlcClientLink.receive} and {@link HdlcServerLink.receive} report, in order. */
export type HdlcEvent =
  /** Bytes to write to the line now. */
  | { readonly type: 'send'; readonly bytes: Uint8Array }
  /** The link is up; parameters from this side's point of view. */
  | { readonly type: 'connected'; readonly parameters: HdlcParameters }
  /** A complete APDU, reassembled from its segments, LLC header removed. */
  | { readonly type: 'apdu'; readonly apdu: Uint8Array }
  /** The data of a UI frame (LLC header removed when present). */
  | { readonly type: 'ui'; readonly apdu: Uint8Array }
  | { readonly type: 'disconnected'; readonly reason: HdlcDisconnectReason }
  /** A frame was dropped: bad HCS/FCS, bad address or control field (the link goes on). */
  | { readonly type: 'discarded'; readonly error: CodecError }
  | { readonly type: 'error'; readonly error: HdlcLinkError };

/** Options shared by both ends of a link. */
export interface HdlcLinkOptions {
  /** The client (primary station) address, 1 byte: the client SAP, e.g. `hdlcAddress(0x10)`. */
  readonly clientAddress: HdlcAddress;
  /** The server (secondary station) address, e.g. `hdlcAddress(1, 17)`. */
  readonly serverAddress: HdlcAddress;
  /** This side's limits, from its own point of view; missing ones are the IEC 62056-46 defaults. */
  readonly parameters?: Partial<HdlcParameters>;
  /** Largest APDU reassembled from segments; more is an `apdu-too-large` error. Default 65535. */
  readonly maxApduBytes?: number;
}

interface Segment {
  readonly information: Uint8Array;
  readonly segmented: boolean;
}

interface SentSegment extends Segment {
  readonly sendSequence: number;
}

const EMPTY = new Uint8Array(0);

/** A frame to send, addresses left to the station. */
type OutgoingFrame = HdlcFrameInit extends infer T
  ? T extends unknown
    ? Omit<T, 'destination' | 'source'>
    : never
  : never;

/** Result of taking an I frame. */
type Accepted = 'in-sequence' | 'out-of-sequence';

/**
 * What both stations share (IEC 62056-46 §6.4.4, ISO/IEC 13239 normal response mode): the frame
 * splitter, the state variables V(S) and V(R) modulo 8, the queue of segments to send, the
 * segments sent and not yet acknowledged (resent go-back-N), and reassembly of received segments.
 */
export abstract class HdlcStation {
  protected readonly local: HdlcAddress;
  protected readonly remote: HdlcAddress;
  protected readonly own: HdlcParameters;
  protected readonly maxApduBytes: number;
  /** Negotiated parameters from this side's point of view. */
  protected negotiated: HdlcParameters = HDLC_DEFAULT_PARAMETERS;
  /** V(S): N(S) of the next new I frame. */
  protected sendState = 0;
  /** V(R): N(S) expected in the next I frame. */
  protected receiveState = 0;
  protected outgoing: Segment[] = [];
  protected unacknowledged: SentSegment[] = [];
  /** The peer's APDU is incomplete: more segments are due. */
  protected reassembling = false;
  #parts: Uint8Array[] = [];
  #partsBytes = 0;
  #dropping = false;
  readonly #splitter = new HdlcSplitter();
  readonly #sendLlc: Uint8Array;
  readonly #receiveLlc: Uint8Array;

  protected constructor(
    options: HdlcLinkOptions,
    side: { local: HdlcAddress; remote: HdlcAddress; sendLlc: Uint8Array; receiveLlc: Uint8Array },
  ) {
    this.local = side.local;
    this.remote = side.remote;
    this.#sendLlc = side.sendLlc;
    this.#receiveLlc = side.receiveLlc;
    this.own = { ...HDLC_DEFAULT_PARAMETERS, ...options.parameters };
    this.maxApduBytes = options.maxApduBytes ?? 0xffff;
  }

  /** The negotiated parameters, from this side's point of view. */
  get parameters(): HdlcParameters {
    return this.negotiated;
  }

  /**
   * Feeds bytes from the line; returns what happened, in order, including frames to send. Frames
   * with a bad HCS/FCS are reported as `discarded` and otherwise ignored, as a real link does.
   */
  receive(chunk: Uint8Array): HdlcEvent[] {
    const events: HdlcEvent[] = [];
    let input = chunk;
    for (;;) {
      try {
        this.#splitter.push(input, (frame) => this.#onFrame(frame, events));
        return events;
      } catch (e) {
        if (!(e instanceof CodecError)) throw e;
        events.push({ type: 'discarded', error: e });
        input = EMPTY; // the splitter consumed the bad frame; decode what follows it
      }
    }
  }

  #onFrame(frame: HdlcFrame, events: HdlcEvent[]): void {
    if (!sameAddress(frame.destination, this.local) || !sameAddress(frame.source, this.remote)) return;
    this.handle(frame, events);
  }

  /** Acts on one frame addressed to this station. */
  protected abstract handle(frame: HdlcFrame, events: HdlcEvent[]): void;

  /** Encodes a frame from this station to its peer. */
  protected encode(frame: OutgoingFrame): Uint8Array {
    return encodeHdlcFrame({ ...frame, destination: this.remote, source: this.local } as HdlcFrameInit);
  }

  protected resetSequence(): void {
    this.sendState = 0;
    this.receiveState = 0;
    this.outgoing = [];
    this.unacknowledged = [];
    this.reassembling = false;
    this.#parts = [];
    this.#partsBytes = 0;
    this.#dropping = false;
  }

  /** Drops a partial frame held by the splitter (before a new connection, not while receiving). */
  protected resetFraming(): void {
    this.#splitter.reset();
  }

  /** Splits LLC header + APDU into segments of at most the negotiated max information field. */
  protected queueApdu(apdu: Uint8Array): void {
    const data = concatBytes(this.#sendLlc, apdu);
    const size = this.negotiated.maxInfoFieldLengthTransmit;
    for (let at = 0; at < data.length; at += size) {
      const end = Math.min(data.length, at + size);
      this.outgoing.push({ information: data.subarray(at, end), segmented: end < data.length });
    }
  }

  /**
   * Processes N(R): it acknowledges every I frame sent before it. False when it names a frame not
   * sent (IEC 62056-46 §6.4.4: an invalid N(R) is a frame reject condition).
   */
  protected acknowledge(receiveSequence: number): boolean {
    const oldest = this.unacknowledged[0]?.sendSequence ?? this.sendState;
    const count = (receiveSequence - oldest + HDLC_MODULUS) % HDLC_MODULUS;
    if (count > this.unacknowledged.length) return false;
    this.unacknowledged.splice(0, count);
    return true;
  }

  /** Takes an I frame's information if N(S) = V(R); completes an APDU on its last segment. */
  protected acceptInformation(frame: HdlcFrame & { type: 'I' }, events: HdlcEvent[]): Accepted {
    if (frame.sendSequence !== this.receiveState) return 'out-of-sequence';
    this.receiveState = (this.receiveState + 1) % HDLC_MODULUS;
    let data = frame.information;
    if (!this.reassembling) {
      this.#dropping = false;
      if (!startsWithLlc(data, this.#receiveLlc)) {
        this.#dropping = true;
        events.push({
          type: 'error',
          error: new HdlcLinkError(
            'missing-llc-header',
            'First I frame segment lacks the LLC header; APDU dropped',
          ),
        });
      }
      data = data.subarray(LLC_HEADER_BYTES);
    }
    this.reassembling = frame.segmented;
    if (!this.#dropping) {
      if (this.#partsBytes + data.length > this.maxApduBytes) {
        this.#dropping = true;
        this.#parts = [];
        this.#partsBytes = 0;
        events.push({
          type: 'error',
          error: new HdlcLinkError(
            'apdu-too-large',
            `Segmented APDU exceeds ${this.maxApduBytes} bytes; dropped`,
          ),
        });
      } else {
        this.#parts.push(data.slice());
        this.#partsBytes += data.length;
      }
    }
    if (!frame.segmented) {
      if (!this.#dropping) events.push({ type: 'apdu', apdu: concatBytes(...this.#parts) });
      this.#parts = [];
      this.#partsBytes = 0;
      this.#dropping = false;
    }
    return 'in-sequence';
  }

  /** The data of a UI frame, LLC header removed when present. */
  protected unnumbered(frame: HdlcFrame, events: HdlcEvent[]): void {
    const info = frame.information;
    const hasLlc =
      info.length >= LLC_HEADER_BYTES && info[0] === 0xe6 && (info[1] === 0xe6 || info[1] === 0xe7);
    events.push({ type: 'ui', apdu: hasLlc ? info.subarray(LLC_HEADER_BYTES) : info });
  }

  /** Sends queued segments up to the window; the last carries P/F = 1 and hands over the turn. */
  protected sendWindow(): Uint8Array[] {
    const window = clampWindow(this.negotiated.windowSizeTransmit);
    const frames: Uint8Array[] = [];
    while (this.outgoing.length > 0 && this.unacknowledged.length < window) {
      const segment = this.outgoing.shift()!;
      const sent = { ...segment, sendSequence: this.sendState };
      this.sendState = (this.sendState + 1) % HDLC_MODULUS;
      this.unacknowledged.push(sent);
      const last = this.outgoing.length === 0 || this.unacknowledged.length === window;
      frames.push(this.#informationFrame(sent, last));
    }
    return frames;
  }

  /** Resends every unacknowledged I frame (go-back-N), with the current N(R). */
  protected resendUnacknowledged(): Uint8Array[] {
    return this.unacknowledged.map((s, i) => this.#informationFrame(s, i === this.unacknowledged.length - 1));
  }

  protected receiveReady(): Uint8Array {
    return this.encode({ type: 'RR', receiveSequence: this.receiveState, pollFinal: true });
  }

  #informationFrame(s: SentSegment, pollFinal: boolean): Uint8Array {
    return this.encode({
      type: 'I',
      sendSequence: s.sendSequence,
      receiveSequence: this.receiveState,
      pollFinal,
      segmented: s.segmented,
      information: s.information,
    });
  }
}

/** Window sizes outside 1–7 (a peer's mistake) are taken as the nearest valid size. */
export function clampWindow(size: number): number {
  return Math.max(1, Math.min(HDLC_MAX_WINDOW_SIZE, size));
}

function sameAddress(a: HdlcAddress, b: HdlcAddress): boolean {
  if (a.size !== b.size || a.upper !== b.upper) return false;
  return a.size === 1 || b.size === 1 || a.lower === b.lower;
}
