import { describe, expect, it } from 'vitest';
import { localDay } from './calendar.js';
import { WaterVolume } from './water.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('WaterVolume', () => {
  it('uses 100–600 L per day by meter', () => {
    for (let m = 0; m < 200; m++) {
      const w = new WaterVolume(1, `GM${m}`);
      expect(w.dailyLitres).toBeGreaterThanOrEqual(100);
      expect(w.dailyLitres).toBeLessThan(600);
    }
  });

  it('uses nothing from 03:00 to 03:15 on most days', () => {
    let zero = 0;
    let n = 0;
    for (let m = 0; m < 50; m++) {
      const w = new WaterVolume(2, `GM${m}`);
      for (let d = 0; d < 30; d++) {
        if (w.litres(Date.UTC(2026, 0, 1) + d * DAY + 3 * HOUR, 900) === 0) zero++;
        n++;
      }
    }
    expect(zero / n).toBeGreaterThan(0.9);
  });

  it('averages its daily litres in winter, when no garden is watered (within 10 %)', () => {
    // Northern January: over many meters and days the mean of litres / dailyLitres is 1.
    let ratio = 0;
    let n = 0;
    for (let m = 0; m < 100; m++) {
      const w = new WaterVolume(3, `GM${m}`, { hemisphere: 'northern' });
      for (let d = 0; d < 28; d += 2) {
        ratio += w.litres(Date.UTC(2026, 0, 1) + d * DAY, 86_400) / w.dailyLitres;
        n++;
      }
    }
    expect(Math.abs(ratio / n - 1)).toBeLessThan(0.1);
  });

  it('peaks in the morning and evening, not in the small hours', () => {
    let morning = 0;
    let evening = 0;
    let night = 0;
    for (let m = 0; m < 50; m++) {
      const w = new WaterVolume(4, `GM${m}`);
      for (let d = 0; d < 10; d++) {
        const day = Date.UTC(2026, 2, 2) + d * DAY;
        morning += w.litres(day + 6 * HOUR, 3 * 3600);
        evening += w.litres(day + 18 * HOUR, 3 * 3600);
        night += w.litres(day + 1 * HOUR, 3 * 3600);
      }
    }
    expect(morning).toBeGreaterThan(10 * night);
    expect(evening).toBeGreaterThan(10 * night);
  });

  it('waters gardens on some summer evenings only, and the hose run shows in the reading', () => {
    let wateringDays = 0;
    for (let m = 0; m < 60; m++) {
      const w = new WaterVolume(5, `GM${m}`, { hemisphere: 'northern' });
      for (let d = 0; d < 365; d += 5) {
        const dayNumber = Date.UTC(2026, 0, 1) / DAY + d;
        const day = localDay(dayNumber);
        const watering = w.watering(day);
        if (!watering) continue;
        wateringDays++;
        expect(w.hasGarden).toBe(true);
        expect(day.month).toBeGreaterThanOrEqual(3); // April–October in the north
        expect(day.month).toBeLessThanOrEqual(9);
        const hoseLitres = (watering.litresPerHour * watering.slots) / 12;
        expect(hoseLitres).toBeGreaterThanOrEqual(8 * 20);
        expect(w.litres(dayNumber * DAY + 19 * HOUR, 3 * 3600)).toBeGreaterThanOrEqual(hoseLitres - 1);
      }
    }
    expect(wateringDays).toBeGreaterThan(0);
  });
});
