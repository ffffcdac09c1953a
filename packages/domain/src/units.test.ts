import { describe, expect, it } from 'vitest';
import { applyScaler, scaleToInteger, Unit, unitSymbol } from './units.js';

describe('units', () => {
  it('uses the DLMS unit enumeration', () => {
    expect(Unit.Wh).toBe(30);
    expect(Unit.varh).toBe(32);
    expect(Unit.V).toBe(35);
    expect(Unit.cubicMetre).toBe(13);
    expect(unitSymbol(Unit.cubicMetre)).toBe('m³');
    expect(unitSymbol(200)).toBe('unit(200)');
  });

  it('applies scalers', () => {
    expect(applyScaler(12345, -1)).toBe(1234.5);
    expect(applyScaler(12, 3)).toBe(12000);
    expect(() => applyScaler(1, 200)).toThrow(RangeError);
  });

  it('scales to exact integers and refuses to lose precision', () => {
    expect(scaleToInteger(12n, 3)).toBe(12000n);
    expect(scaleToInteger(12340, -1)).toBe(1234n);
    expect(scaleToInteger(1_234_000, 0, 3)).toBe(1234n);
    expect(() => scaleToInteger(12345, -1)).toThrow(/not a whole multiple/);
  });
});
