/** What the demo counts from the bus: events read from the logs, and pushes by kind. */
import { type Bus, Subjects } from '@gridmeter/domain';

/** Event codes of last gasp and power restored (Gridmeter's manufacturer range). */
const LAST_GASP = 234;
const POWER_RESTORED = 235;

/** Counters of meter events on the bus, by how they arrived. */
export class DemoCounters {
  intervalBlocks = 0;
  eventsCollected = 0;
  lastGasps = 0;
  powerRestored = 0;
  alarms = 0;

  constructor(bus: Bus) {
    bus.subscribe(Subjects.allReadings, (m) => {
      if (m.type === 'interval-block') this.intervalBlocks++;
    });
    bus.subscribe(Subjects.allEvents, (m) => {
      if (m.type !== 'meter-event') return;
      const e = m.event;
      if (e.source !== 'push') this.eventsCollected++;
      else if (e.code === LAST_GASP) this.lastGasps++;
      else if (e.code === POWER_RESTORED) this.powerRestored++;
      else this.alarms++;
    });
  }

  /** Pushes received and accepted. */
  get pushes(): number {
    return this.lastGasps + this.powerRestored + this.alarms;
  }
}
