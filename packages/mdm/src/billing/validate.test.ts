import { describe, expect, it } from 'vitest';
import { TariffError } from './tariff.js';
import { residentialTou, version } from './testing.js';
import { validateTariffVersion, validateTariffVersions } from './validate.js';

const tou = { kind: 'tou', pricesMicro: { peak: 3, shoulder: 2, offpeak: 1 } } as const;

describe('validateTariffVersion', () => {
  it('accepts a complete TOU tariff', () => {
    expect(() => validateTariffVersion(version({ tou: residentialTou, energy: tou }))).not.toThrow();
  });

  it.each([
    [
      'a day profile that does not start at minute 0',
      version({
        tou: {
          ...residentialTou,
          dayProfiles: { ...residentialTou.dayProfiles, weekend: [{ startMinute: 60, period: 'peak' }] },
        },
        energy: tou,
      }),
      'Invalid tariff at tou.dayProfiles.weekend: first switch must start at minute 0',
    ],
    [
      'a switch to an unknown period',
      version({
        tou: {
          ...residentialTou,
          dayProfiles: { ...residentialTou.dayProfiles, weekend: [{ startMinute: 0, period: 'night' }] },
        },
        energy: tou,
      }),
      'Invalid tariff at tou.dayProfiles.weekend[0]: unknown period "night"',
    ],
    [
      'a period without a price',
      version({ tou: residentialTou, energy: { kind: 'tou', pricesMicro: { peak: 1, shoulder: 1 } } }),
      'Invalid tariff at energy.pricesMicro: no price for period "offpeak"',
    ],
    [
      'tiers whose last tier is bounded',
      version({ energy: { kind: 'tiered', basis: 'monthly', tiers: [{ upTo: 10, priceMicro: 1 }] } }),
      'Invalid tariff at energy.tiers[0]: only the last tier has no upTo',
    ],
    [
      'tiers out of order',
      version({
        energy: {
          kind: 'tiered',
          basis: 'monthly',
          tiers: [{ upTo: 10, priceMicro: 1 }, { upTo: 5, priceMicro: 1 }, { priceMicro: 1 }],
        },
      }),
      'Invalid tariff at energy.tiers[1].upTo: expected an integer ≥ 11, got 5',
    ],
    [
      'an effective date that is not a local midnight',
      version({ effectiveFrom: Date.UTC(2026, 0, 1, 12), energy: { kind: 'flat', priceMicro: 1 } }),
      'Invalid tariff at effectiveFrom: must be a local midnight',
    ],
    [
      'a fractional price',
      version({ energy: { kind: 'flat', priceMicro: 0.5 } }),
      'Invalid tariff at energy.priceMicro: expected an integer ≥ 0, got 0.5',
    ],
    [
      'a demand charge on water',
      version({
        commodity: 'water',
        energy: { kind: 'flat', priceMicro: 1 },
        demand: { priceMicroPerKw: 1 },
      }),
      'Invalid tariff at demand: only for electricity',
    ],
  ])('rejects %s', (_, t, message) => {
    expect(() => validateTariffVersion(t)).toThrow(TariffError);
    expect(() => validateTariffVersion(t)).toThrow(message);
  });

  it('rejects versions whose numbers do not increase with their effective dates', () => {
    const a = version({ energy: { kind: 'flat', priceMicro: 1 } });
    const b = version({
      version: 1,
      effectiveFrom: Date.UTC(2026, 0, 1),
      energy: { kind: 'flat', priceMicro: 2 },
    });
    expect(() => validateTariffVersions([a, b])).toThrow('versions and effective dates must both increase');
  });
});
