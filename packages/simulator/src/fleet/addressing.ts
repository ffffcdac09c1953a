/**
 * Every virtual meter has its own IPv4 loopback address: fleet index i is 127.(1 + ⌊i/65536⌋).
 * (⌊i/256⌋ mod 256).(i mod 256). 127.0.0.0/24 stays free for the host's own services.
 */
export function meterAddress(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 254 * 65_536) {
    throw new RangeError(`No loopback address for fleet index ${index}`);
  }
  return `127.${1 + Math.floor(index / 65_536)}.${Math.floor(index / 256) % 256}.${index % 256}`;
}

/** The fleet index behind a loopback address, or `undefined` if it is not a meter address. */
export function meterIndexOf(address: string): number | undefined {
  const m = /^(?:::ffff:)?127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!m) return undefined;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (a < 1 || a > 254 || b > 255 || c > 255) return undefined;
  return (a - 1) * 65_536 + b * 256 + c;
}
