/**
 * Benchmark child: the simulated fleet, serving every meter on its own loopback address through
 * one socket on 0.0.0.0:<random port>, its clock frozen at 00:20 UTC. With `shard: { index,
 * count }` it is one of `count` such processes and serves only the meters `Fleet.shardOf` gives
 * it. Answers `listen`, `sample` (RSS, CPU, fleet counters) and `close`.
 */
import { Fleet, type FleetShard, SimClock } from '@gridmeter/simulator';
import { HISTORY_START, NOW, SEED, sampleProcess, serveCommands } from './ipc.js';

let fleet: Fleet | undefined;
const errors = { count: 0, last: '' };

serveCommands(async (cmd) => {
  switch (cmd.cmd) {
    case 'listen': {
      const meters = cmd.meters as number;
      fleet = new Fleet({
        spec: { seed: SEED, meters, historyStart: HISTORY_START },
        clock: new SimClock(NOW, { frozen: true }),
        // Each meter is read once, and meters with a session open are never dropped: a small cache
        // keeps the live heap (and with it the major GCs) small.
        maxCachedMeters: 1_000,
        ...(cmd.shard ? { shard: cmd.shard as FleetShard } : {}),
      });
      const listener = await fleet.listen({ host: '0.0.0.0', port: 0, idleTimeoutMs: 120_000 });
      listener.server.on('connection', (s) =>
        s.on('error', (e) => {
          errors.count++;
          errors.last = e.message;
        }),
      );
      return { port: listener.port, fleetSize: fleet.size, sample: sampleProcess() };
    }
    case 'sample':
      return { sample: sampleProcess(), stats: fleet?.stats(), errors };
    case 'close':
      await fleet?.close();
      return { sample: sampleProcess() };
    default:
      throw new Error(`unknown command ${cmd.cmd}`);
  }
});
