/** Building blocks of daily profiles, as functions of the local hour. */

/**
 * 1 between `start + ramp/2` and `end − ramp/2`, 0 outside `[start − ramp/2, end + ramp/2]`,
 * linear in between: its integral over the hours is `end − start`. Hours may exceed 24.
 */
export function trapezoid(hour: number, start: number, end: number, rampHours = 1): number {
  const half = rampHours / 2;
  const up = Math.min(1, Math.max(0, (hour - (start - half)) / rampHours));
  const down = Math.min(1, Math.max(0, (end + half - hour) / rampHours));
  return Math.min(up, down);
}

/** Normal density in hours⁻¹: a peak centred on `meanHour` whose integral over the hours is 1. */
export function bump(hour: number, meanHour: number, sdHours: number): number {
  const z = (hour - meanHour) / sdHours;
  return Math.exp(-0.5 * z * z) / (sdHours * Math.sqrt(2 * Math.PI));
}
