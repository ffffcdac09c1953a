/**
 * Benchmark child: a head-end's worth of DLMS clients over real TCP. Each session dials one
 * meter's own loopback address, associates as the reader (SAP 32, LLS with the meter's password),
 * GETs the meter's main register (1.0.1.8.0 active import; water 8.0.1.0.0, gas 7.0.3.0.0),
 * releases and closes. `hold` opens sessions and keeps them open until `drop`.
 */
import { type AttributeRef, DlmsClient, WrapperTcpClient } from '@gridmeter/dlms';
import { Fleet } from '../src/fleet/fleet.js';
import { SimClock } from '../src/fleet/sim-clock.js';
import type { MeterIdentity } from '../src/meter/identity.js';
import { HISTORY_START, NOW, SEED, sampleProcess, serveCommands } from './ipc.js';

/** Meters this client talks to: `first + k·step` for k < count. */
interface MeterRange {
  readonly first: number;
  readonly step: number;
  readonly count: number;
}

export interface ClientRunResult {
  readonly ok: number;
  readonly failed: number;
  readonly firstError: string | undefined;
  readonly elapsedMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

let port = 0;
let fleet: Fleet | undefined;
const held: { client: DlmsClient; transport: WrapperTcpClient }[] = [];
const encoder = new TextEncoder();

function mainRegister(id: MeterIdentity): AttributeRef {
  const logicalName =
    id.kind === 'water' ? '8.0.1.0.0.255' : id.kind === 'gas' ? '7.0.3.0.0.255' : '1.0.1.8.0.255';
  return { classId: 3, logicalName, attributeId: 2 };
}

/** Connect, associate, GET; the open association. */
async function open(index: number): Promise<{ client: DlmsClient; transport: WrapperTcpClient }> {
  const id = fleet!.identity(index);
  const transport = await WrapperTcpClient.connect({
    host: id.address,
    port,
    clientSap: 32,
    connectTimeoutMs: 20_000,
    responseTimeoutMs: 30_000,
  });
  try {
    const client = new DlmsClient(transport, {
      authentication: { mechanism: 'lls', password: encoder.encode(id.llsPassword) },
    });
    await client.associate();
    const value = await client.get(mainRegister(id));
    if (value.type === 'null-data') throw new Error(`meter ${id.id} returned no register value`);
    return { client, transport };
  } catch (e) {
    await transport.close();
    throw e;
  }
}

/** Runs `task` for every meter of `range`, at most `concurrency` at a time. */
async function each(
  range: MeterRange,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<ClientRunResult> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const t0 = performance.now();
  const worker = async () => {
    while (next < range.count) {
      const index = range.first + next++ * range.step;
      const t = performance.now();
      try {
        await task(index);
        ok++;
        latencies.push(performance.now() - t);
      } catch (e) {
        failed++;
        firstError ??=
          e instanceof Error ? `${e.message}${e.cause ? ` (${String(e.cause)})` : ''}` : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, range.count) }, worker));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { ok, failed, firstError, elapsedMs: performance.now() - t0, p50Ms: at(0.5), p99Ms: at(0.99) };
}

serveCommands(async (cmd) => {
  switch (cmd.cmd) {
    case 'init':
      port = cmd.port as number;
      // Only identities (addresses, passwords) come from this fleet; it never listens.
      fleet = new Fleet({
        spec: { seed: SEED, meters: cmd.meters as number, historyStart: HISTORY_START },
        clock: new SimClock(NOW, { frozen: true }),
      });
      return {};
    case 'sessions': {
      const result = await each(cmd.range as MeterRange, cmd.concurrency as number, async (index) => {
        const { client, transport } = await open(index);
        await client.release();
        await transport.close();
      });
      return { result };
    }
    case 'hold': {
      const result = await each(cmd.range as MeterRange, cmd.concurrency as number, async (index) => {
        held.push(await open(index));
      });
      return { result, sample: sampleProcess() };
    }
    case 'drop': {
      const n = held.length;
      await Promise.all(held.splice(0).map((h) => h.transport.close()));
      return { dropped: n };
    }
    default:
      throw new Error(`unknown command ${cmd.cmd}`);
  }
});
