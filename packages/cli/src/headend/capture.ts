/** What a head-end put on the bus during one CLI run. */
import {
  type Bus,
  type IntervalBlock,
  type MeterEvent,
  type RegisterRead,
  Subjects,
} from '@gridmeter/domain';

/**
 * Subscribes to every reading and event on `bus` and keeps them, in arrival order.
 *
 * @example
 * const seen = new BusCapture(bus);
 * await headEnd.read('GM00000001', ['registers']);
 * seen.registerReads.length; // 12
 */
export class BusCapture {
  readonly intervalBlocks: IntervalBlock[] = [];
  readonly registerReads: RegisterRead[] = [];
  readonly events: MeterEvent[] = [];

  constructor(bus: Bus) {
    bus.subscribe(Subjects.allReadings, (m) => {
      if (m.type === 'interval-block') this.intervalBlocks.push(m.block);
      else if (m.type === 'register-read') this.registerReads.push(m.read);
    });
    bus.subscribe(Subjects.allEvents, (m) => {
      if (m.type === 'meter-event') this.events.push(m.event);
    });
  }
}
