import { describe, expect, it } from 'vitest';
import { GasVolume } from './gas.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

function meanDaily(hemisphere: 'northern' | 'southern', month: number): number {
  let litres = 0;
  let n = 0;
  for (let m = 0; m < 40; m++) {
    const g = new GasVolume(8, `GM${m}`, { hemisphere });
    for (let d = 0; d < 28; d += 3) {
      litres += g.litres(Date.UTC(2026, month, 1) + d * DAY, 86_400);
      n++;
    }
  }
  return litres / n;
}

describe('GasVolume', () => {
  it('uses 0.5–6 m³ per day in winter by meter, and much less in summer', () => {
    for (let m = 0; m < 200; m++) {
      const g = new GasVolume(1, `GM${m}`);
      expect(g.winterDailyLitres).toBeGreaterThanOrEqual(500);
      expect(g.winterDailyLitres).toBeLessThan(6000);
      expect(g.baseShare).toBeLessThanOrEqual(0.2);
    }
  });

  it('uses far more in winter than in summer, by hemisphere', () => {
    expect(meanDaily('northern', 0)).toBeGreaterThan(4 * meanDaily('northern', 6));
    expect(meanDaily('southern', 6)).toBeGreaterThan(4 * meanDaily('southern', 0));
  });

  it('uses about its winter daily volume in midwinter and its base share in midsummer', () => {
    let winter = 0;
    let summer = 0;
    let n = 0;
    for (let m = 0; m < 60; m++) {
      const g = new GasVolume(2, `GM${m}`, { hemisphere: 'northern' });
      for (let d = 0; d < 21; d += 3) {
        winter += g.litres(Date.UTC(2026, 0, 10) + d * DAY, 86_400) / g.winterDailyLitres;
        summer += g.litres(Date.UTC(2026, 6, 10) + d * DAY, 86_400) / (g.winterDailyLitres * g.baseShare);
        n++;
      }
    }
    // Mid-January is close to the coldest day; the fleet's cold anomaly moves it ±15 %.
    expect(winter / n).toBeGreaterThan(0.8);
    expect(winter / n).toBeLessThan(1.2);
    expect(summer / n).toBeGreaterThan(0.85);
    expect(summer / n).toBeLessThan(1.15);
  });

  it('peaks in the morning and evening', () => {
    let morning = 0;
    let evening = 0;
    let night = 0;
    for (let m = 0; m < 20; m++) {
      const g = new GasVolume(3, `GM${m}`, { hemisphere: 'northern' });
      for (let d = 0; d < 7; d++) {
        const day = Date.UTC(2026, 0, 12) + d * DAY;
        morning += g.litres(day + 6 * HOUR, 2 * 3600);
        evening += g.litres(day + 18 * HOUR, 2 * 3600);
        night += g.litres(day + 2 * HOUR, 2 * 3600);
      }
    }
    expect(morning).toBeGreaterThan(3 * night);
    expect(evening).toBeGreaterThan(3 * night);
  });
});
