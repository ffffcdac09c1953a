/**
 * Display formatting for energy, money, shares and instants. Pure functions, no DOM: the same
 * text in the browser and in tests. Instants are shown in UTC unless a time zone is given,
 * because the head-end, the MDM and the bills all count days in UTC.
 */

const ENERGY_UNITS = ['Wh', 'kWh', 'MWh', 'GWh', 'TWh'] as const;

/**
 * Energy in Wh as text with a unit that keeps 1–3 integer digits.
 * @example formatEnergy(1234) // '1.23 kWh'
 */
export function formatEnergy(wh: number, digits = 2): string {
  if (!Number.isFinite(wh)) return '—';
  const sign = wh < 0 ? '−' : '';
  let value = Math.abs(wh);
  let unit = 0;
  while (value >= 1000 && unit < ENERGY_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toFixed(digits);
  return `${sign}${text} ${ENERGY_UNITS[unit]}`;
}

/** Energy in Wh as kWh with a fixed number of decimals, for tables that line up. */
export function formatKwh(wh: number, digits = 1): string {
  if (!Number.isFinite(wh)) return '—';
  return `${(wh / 1000).toFixed(digits)} kWh`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** ISO 4217 codes are three capital letters; tariffs may carry a symbol ("€") instead. */
const isIsoCurrency = (currency: string): boolean => /^[A-Z]{3}$/.test(currency);

function moneyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormats.set(key, f);
  }
  return f;
}

/** Digits after the decimal point of a currency's minor unit (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  if (!isIsoCurrency(currency)) return 2;
  return moneyFormat(currency, 'en-GB').resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * An amount in minor units (cents, pence) as money text.
 * @example formatMoney(12345, 'EUR') // '€123.45'
 */
export function formatMoney(minor: number, currency: string, locale = 'en-GB'): string {
  if (!Number.isFinite(minor)) return '—';
  const digits = minorDigits(currency);
  if (!isIsoCurrency(currency)) {
    const sign = minor < 0 ? '-' : '';
    const text = new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    return `${sign}${currency}${text.format(Math.abs(minor) / 10 ** digits)}`;
  }
  return moneyFormat(currency, locale).format(minor / 10 ** digits);
}

/** A price in minor units per kWh, which is often fractional: `23.4 c/kWh`-style, e.g. '€0.2340/kWh'. */
export function formatPricePerKwh(minorPerKwh: number, currency: string, locale = 'en-GB'): string {
  if (!Number.isFinite(minorPerKwh)) return '—';
  const digits = minorDigits(currency);
  return `${decimalMoney(minorPerKwh / 10 ** digits, currency, digits + 2, locale)}/kWh`;
}

/** A price in micro-units (millionths of the currency) per unit, as bill lines carry them. */
export function formatMicroPrice(micro: number, currency: string, unit: string, locale = 'en-GB'): string {
  if (!Number.isFinite(micro)) return '—';
  return `${decimalMoney(micro / 1_000_000, currency, 4, locale)}/${unit}`;
}

function decimalMoney(amount: number, currency: string, digits: number, locale: string): string {
  if (!isIsoCurrency(currency)) {
    const f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return `${amount < 0 ? '-' : ''}${currency}${f.format(Math.abs(amount))}`;
  }
  const f = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return f.format(amount);
}

/**
 * Parses money typed by a person ("12.5", "12,50", "€ 7") into minor units; `undefined` when it
 * is not a positive amount with at most the currency's decimals.
 */
export function parseMoney(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const cleaned = text.replace(/[^\d.,-]/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined;
  const [whole = '0', frac = ''] = cleaned.split('.');
  if (frac.length > digits) return undefined;
  const minor = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return minor > 0 && Number.isSafeInteger(minor) ? minor : undefined;
}

/** A share 0..1 as a percentage. @example formatPercent(0.9876) // '98.8 %' */
export function formatPercent(share: number, digits = 1): string {
  if (!Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(digits)} %`;
}

/** A duration in ms, in the unit a person reads fastest. @example formatDuration(1500) // '1.5 s' */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Year, month, day, hour, minute of an instant in a time zone (UTC by default). */
function parts(ms: number, timeZone: string): Record<string, string> {
  if (timeZone === 'UTC') {
    const d = new Date(ms);
    return {
      year: String(d.getUTCFullYear()),
      month: pad(d.getUTCMonth() + 1),
      day: pad(d.getUTCDate()),
      hour: pad(d.getUTCHours()),
      minute: pad(d.getUTCMinutes()),
      second: pad(d.getUTCSeconds()),
    };
  }
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

/** An instant as `YYYY-MM-DD HH:mm` (UTC by default). */
export function formatDateTime(ms: number | undefined, timeZone = 'UTC'): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** An instant as `YYYY-MM-DD` (UTC by default). */
export function formatDate(ms: number | undefined, timeZone = 'UTC'): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant as `HH:mm` (UTC by default). */
export function formatTime(ms: number | undefined, timeZone = 'UTC'): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const p = parts(ms, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** The end of a period within a day as `HH:mm`, with midnight as `24:00` (UTC by default). */
export function formatTimeEnd(ms: number | undefined, timeZone = 'UTC'): string {
  const t = formatTime(ms, timeZone);
  return t === '00:00' ? '24:00' : t;
}

/** How long ago `ms` was, relative to `now`: '12 s ago', '5 min ago', '3 h ago', '2 d ago'. */
export function formatAgo(ms: number | undefined, now: number): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'never';
  const d = Math.max(0, now - ms);
  if (d < 60_000) return `${Math.round(d / 1000)} s ago`;
  if (d < 3_600_000) return `${Math.round(d / 60_000)} min ago`;
  if (d < 86_400_000) return `${Math.round(d / 3_600_000)} h ago`;
  return `${Math.round(d / 86_400_000)} d ago`;
}

const DAY_MS = 86_400_000;

/** Start of the UTC day containing `ms`. */
export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Parses an `<input type="date">` value (`YYYY-MM-DD`) as the start of that UTC day. */
export function parseDateInput(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Turns an enum-like identifier into words: 'ready-for-reconnection' → 'ready for reconnection'. */
export function humanize(id: string): string {
  return id
    .replace(/[-_]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/**
 * An exact integer (decimal string, as registers come) scaled by 10^scaler, without floating
 * point. @example formatScaled('2301', -1) // '230.1'
 */
export function formatScaled(value: string, scaler: number): string {
  if (scaler === 0 || !/^-?\d+$/.test(value)) return value;
  const neg = value.startsWith('-');
  const digits = neg ? value.slice(1) : value;
  if (scaler > 0) return `${neg ? '-' : ''}${digits}${'0'.repeat(scaler)}`;
  const places = -scaler;
  const padded = digits.padStart(places + 1, '0');
  return `${neg ? '-' : ''}${padded.slice(0, -places)}.${padded.slice(-places)}`;
}
