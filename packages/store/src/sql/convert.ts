/** Converts a BIGINT/INTEGER column (number, bigint or decimal string) to a safe integer. */
export function int(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v as bigint | string);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Stored integer ${String(v)} is not a safe integer`);
  return n;
}

/** Like {@link int}, keeping SQL NULL as `null`. */
export function intOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : int(v);
}

/** Converts a BIGINT column to bigint. */
export function big(v: unknown): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number | string);
}

/** SQL NULL → undefined, for optional fields. */
export function opt<T>(v: T | null | undefined): T | undefined {
  return v === null ? undefined : v;
}

/** `{ key: value }` only when value is defined, for exactOptionalPropertyTypes. */
export function maybe<K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } {
  return (v === null || v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}
