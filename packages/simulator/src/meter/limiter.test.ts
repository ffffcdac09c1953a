import { describe, expect, it } from 'vitest';
import type { MeterEvent } from './event-codes.js';
import { Limiter } from './limiter.js';

const S = 1000;

function setup(extra: Partial<ConstructorParameters<typeof Limiter>[0]> = {}) {
  const events: MeterEvent[] = [];
  const calls: string[] = [];
  const limiter = new Limiter({
    thresholdNormalW: 5000,
    minOverThresholdDurationSeconds: 60,
    minUnderThresholdDurationSeconds: 120,
    onEvent: (e) => events.push(e),
    requestDisconnect: (at) => calls.push(`open@${at / S}`),
    requestReconnect: (at) => calls.push(`close@${at / S}`),
    ...extra,
  });
  return { limiter, events, calls };
}

describe('Limiter', () => {
  it('trips after the over duration and releases after the under duration, at the exact instants', () => {
    const { limiter, events, calls } = setup();
    limiter.update(0, 2000);
    limiter.update(100 * S, 6000);
    limiter.update(130 * S, 2000); // 30 s over: too short
    limiter.update(200 * S, 7000);
    limiter.advance(1000 * S); // over since 200 s → trip at 260 s
    limiter.update(1000 * S, 0); // the relay opened, power 0 → release at 1120 s
    limiter.advance(2000 * S);
    expect(calls).toEqual(['open@260', 'close@1120']);
    expect(events.map((e) => [e.at / S, e.code])).toEqual([
      [260, 65],
      [1120, 66],
    ]);
  });

  it('uses threshold_emergency while an emergency profile in the group list runs', () => {
    const { limiter, calls } = setup({
      thresholdEmergencyW: 1000,
      emergencyProfile: {
        emergencyProfileId: 7,
        emergencyActivationTime: 500 * S,
        emergencyDurationSeconds: 300,
      },
      emergencyProfileGroupIdList: [7],
    });
    limiter.update(0, 2000);
    limiter.advance(2000 * S);
    expect(limiter.thresholdActiveAt(600 * S)).toBe(1000);
    expect(limiter.thresholdActiveAt(800 * S)).toBe(5000);
    expect(calls).toEqual(['open@560', 'close@920']);
  });

  it('logs threshold changes (67) and acts on the new threshold', () => {
    const { limiter, events, calls } = setup({ minOverThresholdDurationSeconds: 0 });
    limiter.update(0, 3000);
    limiter.setThresholdNormal(2500, 10 * S);
    expect(events.map((e) => [e.at / S, e.code])).toEqual([
      [10, 67],
      [10, 65],
    ]);
    expect(calls).toEqual(['open@10']);
  });
});
