/**
 * Benchmark child: a fleet serving every meter on its own loopback address through one listening
 * socket, as `gridmeter simulate` runs it (default meter cache). Answers `listen`, `sample`
 * (RSS, CPU, open files, fleet counters) and `close`.
 */
import { Fleet } from '../src/fleet/fleet.js';
import { SimClock } from '../src/fleet/sim-clock.js';
import { HISTORY_START, NOW, SEED, sampleProcess, serveCommands } from './ipc.js';

let fleet: Fleet | undefined;
const errors = { count: 0, last: '' };

serveCommands(async (cmd) => {
  switch (cmd.cmd) {
    case 'listen': {
      fleet = new Fleet({
        spec: { seed: SEED, meters: cmd.meters as number, historyStart: HISTORY_START },
        clock: new SimClock(NOW, { frozen: true }),
      });
      const listener = await fleet.listen({ host: '0.0.0.0', port: 0, idleTimeoutMs: 120_000 });
      // The DLMS listener closes a connection on error; count them so the report can say.
      listener.server.on('connection', (s) =>
        s.on('error', (e) => {
          errors.count++;
          errors.last = e.message;
        }),
      );
      return { port: listener.port, fleetSize: fleet.size };
    }
    case 'sample':
      return { sample: sampleProcess(), stats: fleet?.stats(), errors };
    case 'close':
      await fleet?.close();
      return {};
    default:
      throw new Error(`unknown command ${cmd.cmd}`);
  }
});
