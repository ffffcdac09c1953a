/**
 * Prepayment ledger crash safety: a child process runs the ledger on a journal and feeds it a
 * deterministic stream of operations (interval blocks on the bus, top-ups, ticks), acknowledging
 * each over IPC once it resolved; the parent SIGKILLs it at a random moment, reopens the journal,
 * checks it, and restarts the child a few operations before the last acknowledged one, so every
 * restart redelivers blocks and top-ups; the child compacts its journal every few hundred records,
 * so kills also land in compactions. No acknowledged top-up may be lost, no interval charged
 * twice, and every supply command the ledger issued must reach the command port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, systemClock } from '@gridmeter/domain';
import {
  type PrepaidAccountDefinition,
  PrepaymentLedger,
  type SupplyCommandRequest,
  weekdayFriendlyHours,
} from '@gridmeter/mdm';
import { describe, expect, it } from 'vitest';

const KILLS = 8;
/** Operations before the last acknowledged one a restart begins at. */
const REDELIVER = 6;
const ACCOUNTS = 4;
const OPENING = 2_000;
const PRICE = 25;
const INTERVALS = 4;
const T0 = Date.UTC(2026, 10, 16); // a Monday
const HOUR = 3_600_000;
/** Journal records between compactions in the child. */
const COMPACT_EVERY = 1_000;

/** The stream, written out for the child (plain ESM; the packages load from source through tsx). */
const STREAM = `
const ACCOUNTS = ${ACCOUNTS}, INTERVALS = ${INTERVALS}, T0 = ${T0}, HOUR = ${HOUR};
export const isTopUp = (k) => k % 7 === 6;
export const accountOf = (k) => (isTopUp(k) ? Math.floor(k / 7) % ACCOUNTS : k % ACCOUNTS);
export const topUpAmount = (k) => 2_400 + (k % 13) * 100;
export const energyWh = (k, i) => (((k * 31 + i * 17) % 997) + 1) * 10;
export const blockStart = (k) => T0 + k * HOUR;
export const meterOf = (a) => 'GMP' + String(a).padStart(5, '0');
`;

const CHILD = `
import { appendFileSync } from 'node:fs';
import { InProcessBus, Subjects, systemClock } from '@gridmeter/domain';
import { PrepaymentLedger, weekdayFriendlyHours } from '@gridmeter/mdm';
${STREAM}
const [journalPath, commandsPath, firstArg] = process.argv.slice(1);
const first = Number(firstArg);
let now = T0;
const clock = { now: () => now, setTimeout: systemClock.setTimeout, sleep: systemClock.sleep };
const accounts = Array.from({ length: ACCOUNTS }, (_, a) => ({
  accountId: 'P' + a, servicePointId: 'SP' + a, meterId: meterOf(a), currency: 'EUR',
  price: { perKwhMinor: ${PRICE} }, lowCreditThresholdMinor: 300, emergencyCreditMinor: 0,
  friendlyHours: weekdayFriendlyHours(0), openingBalanceMinor: ${OPENING},
}));
const commands = { submit: async (r) => appendFileSync(commandsPath, r.idempotencyKey + '\\n') };
const bus = new InProcessBus();
const ledger = await PrepaymentLedger.open({
  accounts, commands, bus, clock, journalPath, log: { warn: () => {} },
  // Compact often (kills land in compactions too); snapshots keep every event for the checks.
  compactEveryRecords: ${COMPACT_EVERY}, recentEvents: Infinity, summaryCharges: true,
});
ledger.start();
process.send({ type: 'ready' });
for (let k = first; ; k++) {
  now = blockStart(k) + HOUR;
  const a = accountOf(k);
  if (isTopUp(k)) {
    await ledger.topUp('P' + a, topUpAmount(k), 'T' + k, 'crash-test');
  } else {
    const block = {
      meterId: meterOf(a), channel: '1-0:1.8.0*255', unit: 30, start: blockStart(k), intervalSeconds: 900,
      source: 'meter', values: Array.from({ length: INTERVALS }, (_, i) => ({ value: energyWh(k, i), quality: 0 })),
    };
    await bus.publish(Subjects.intervalBlock(meterOf(a)), { type: 'interval-block', block });
  }
  await ledger.tick();
  process.send({ type: 'ack', k });
}
`;

// The same stream for the parent's expectations (kept identical to STREAM above).
const isTopUp = (k: number) => k % 7 === 6;
const accountOf = (k: number) => (isTopUp(k) ? Math.floor(k / 7) % ACCOUNTS : k % ACCOUNTS);
const topUpAmount = (k: number) => 2_400 + (k % 13) * 100;
const energyWh = (k: number, i: number) => (((k * 31 + i * 17) % 997) + 1) * 10;
const blockStart = (k: number) => T0 + k * HOUR;
const meterOf = (a: number) => `GMP${String(a).padStart(5, '0')}`;
/** The charge of one interval, by hand: round(Wh × minor per kWh / 1000). */
const chargeOf = (wh: number) => Math.round((wh * PRICE) / 1000);

interface Run {
  readonly first: number;
  /** One past the last operation acknowledged. */
  readonly ackedTo: number;
  readonly killedAfterMs: number;
}

function runAndKill(journalPath: string, commandsPath: string, first: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    let ackedTo = first;
    let killedAfterMs = 0;
    const proc: ChildProcess = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        CHILD,
        journalPath,
        commandsPath,
        String(first),
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
    );
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    proc.on('message', (m: { type: string; k?: number }) => {
      if (m.type === 'ready') {
        killedAfterMs = 200 + Math.floor(Math.random() * 1_300);
        setTimeout(() => proc.kill('SIGKILL'), killedAfterMs);
      } else if (m.type === 'ack' && m.k === ackedTo) ackedTo = m.k + 1;
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ first, ackedTo, killedAfterMs });
      else reject(new Error(`Prepayment crash child exited on its own (code ${String(code)}): ${stderr}`));
    });
  });
}

const accounts: PrepaidAccountDefinition[] = Array.from({ length: ACCOUNTS }, (_, a) => ({
  accountId: `P${a}`,
  servicePointId: `SP${a}`,
  meterId: meterOf(a),
  currency: 'EUR',
  price: { perKwhMinor: PRICE },
  lowCreditThresholdMinor: 300,
  emergencyCreditMinor: 0,
  friendlyHours: weekdayFriendlyHours(0),
  openingBalanceMinor: OPENING,
}));

/**
 * Reopens the journal (delivering commands a kill kept from the port) and checks it against the
 * stream: the operations it holds are a prefix [0, D) with D ≥ ackedTo, each applied once, and
 * every balance is the opening balance plus that prefix's top-ups minus its charges.
 */
async function verify(journalPath: string, commandsPath: string, ackedTo: number): Promise<number> {
  const clock: Clock = { now: () => T0, setTimeout: systemClock.setTimeout, sleep: systemClock.sleep };
  const ledger = await PrepaymentLedger.open({
    accounts,
    clock,
    journalPath,
    recentEvents: Number.POSITIVE_INFINITY,
    summaryCharges: true,
    // Like the child's port: every command that reaches it is written down, across runs.
    commands: {
      submit: async (r: SupplyCommandRequest) => appendFileSync(commandsPath, `${r.idempotencyKey}\n`),
    },
    log: { warn: () => {} },
  });
  ledger.start();
  await ledger.flush();
  const problems: string[] = [];
  const charged = new Map<string, number>();
  const credited = new Map<string, number>();
  const issued: string[] = [];
  for (const s of ledger.accounts()) {
    for (const e of s.events) {
      if (e.type === 'charged') {
        const key = `${s.meterId} ${e.detail}`.replace(/ charged \d+$/, '');
        charged.set(key, (charged.get(key) ?? 0) + 1);
      } else if (e.type === 'charge-corrected') problems.push(`${s.accountId}: ${e.detail}`);
      else if (e.type === 'topped-up') {
        const ref = e.detail!.split(' ')[1]!;
        credited.set(ref, (credited.get(ref) ?? 0) + 1);
      } else if (e.type === 'disconnect-submitted' || e.type === 'reconnect-submitted') {
        issued.push(e.detail!.slice('command '.length));
      }
    }
  }
  for (const [key, n] of [...charged, ...credited]) if (n > 1) problems.push(`${key} applied ${n} times`);
  // The operations held: a prefix of the stream.
  const held = (k: number) =>
    isTopUp(k)
      ? credited.has(`T${k}`)
      : charged.has(`${meterOf(accountOf(k))} interval ${new Date(blockStart(k)).toISOString()}`);
  let d = 0;
  while (held(d)) d++;
  if (d < ackedTo) problems.push(`acknowledged operation ${d} is missing (acknowledged up to ${ackedTo})`);
  for (let k = d; k < d + 3 * REDELIVER; k++) if (held(k)) problems.push(`operation ${k} held after a gap`);
  const expected = accounts.map(() => OPENING);
  for (let k = 0; k < d; k++) {
    const a = accountOf(k);
    if (isTopUp(k)) expected[a]! += topUpAmount(k);
    else for (let i = 0; i < INTERVALS; i++) expected[a]! -= chargeOf(energyWh(k, i));
  }
  expect(ledger.accounts().map((s) => s.balanceMinor)).toEqual(expected);
  // Every command issued reached the port: from a child, or from a reopening here.
  const sent = new Set(readFileSync(commandsPath, 'utf8').split('\n').filter(Boolean));
  for (const key of issued) if (!sent.has(key)) problems.push(`command ${key} never reached the port`);
  expect(problems).toEqual([]);
  await ledger.close();
  return issued.length;
}

describe('prepayment ledger crash safety', () => {
  it(`${KILLS} SIGKILLs while charging and topping up lose no acknowledged top-up, charge no interval twice and lose no command`, {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridmeter-prepay-crash-'));
    const journalPath = join(dir, 'prepayment.ndjson');
    const commandsPath = join(dir, 'commands.txt');
    try {
      let ackedTo = 0;
      let redelivered = 0;
      let commands = 0;
      const log: string[] = [];
      for (let i = 0; i < KILLS; i++) {
        const first = Math.max(0, ackedTo - REDELIVER);
        redelivered += ackedTo - first;
        const run = await runAndKill(journalPath, commandsPath, first);
        ackedTo = Math.max(ackedTo, run.ackedTo);
        commands = await verify(journalPath, commandsPath, ackedTo);
        log.push(
          `kill ${i + 1}: from ${run.first}, killed after ${run.killedAfterMs} ms, acked to ${ackedTo}`,
        );
      }
      console.log(
        `prepayment: ${KILLS} SIGKILLs, ${ackedTo} operations acknowledged, ${redelivered} redelivered, ${commands} supply commands\n  ${log.join('\n  ')}`,
      );
      expect(ackedTo).toBeGreaterThan(KILLS * 10);
      expect(redelivered).toBeGreaterThan(0);
      expect(commands).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
