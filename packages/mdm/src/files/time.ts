const DAY_MS = 86_400_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Epoch ms of a wall-clock date and time in a zone `utcOffsetMinutes` east of UTC, or
 * `undefined` if any component is out of range (month 13, 30 February, hour 24).
 */
export function wallClockToEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  utcOffsetMinutes: number,
): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second) - utcOffsetMinutes * 60_000;
}

/** Parses "YYYYMMDD" (MDFF Date(8)) to epoch ms of local midnight, or `undefined`. */
export function parseCompactDate(text: string, utcOffsetMinutes: number): number | undefined {
  if (!/^\d{8}$/.test(text)) return undefined;
  return wallClockToEpoch(
    Number(text.slice(0, 4)),
    Number(text.slice(4, 6)),
    Number(text.slice(6, 8)),
    0,
    0,
    0,
    utcOffsetMinutes,
  );
}

/** Checks "YYYYMMDDhhmm" (12) or "YYYYMMDDhhmmss" (14), MDFF DateTime(12)/DateTime(14). */
export function isCompactDateTime(text: string, length: 12 | 14): boolean {
  if (text.length !== length || !/^\d+$/.test(text)) return false;
  const n = (from: number, to: number) => Number(text.slice(from, to));
  const seconds = length === 14 ? n(12, 14) : 0;
  return wallClockToEpoch(n(0, 4), n(4, 6), n(6, 8), n(8, 10), n(10, 12), seconds, 0) !== undefined;
}

/** Formats epoch ms as local "YYYYMMDDhhmmss" (or its first `length` characters). */
export function formatCompact(epochMs: number, utcOffsetMinutes: number, length: 8 | 12 | 14): string {
  const iso = new Date(epochMs + utcOffsetMinutes * 60_000).toISOString();
  return iso.replace(/[-T:]/g, '').slice(0, length);
}

/** Epoch ms of the local midnight starting the day that contains `epochMs`. */
export function localDayStart(epochMs: number, utcOffsetMinutes: number): number {
  const offsetMs = utcOffsetMinutes * 60_000;
  return Math.floor((epochMs + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
}

export { DAY_MS };
