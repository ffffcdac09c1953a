import { readFileSync } from 'node:fs';

/**
 * Third-party DLMS vectors from `../shared/vectors/dlms` beside the checkout (never copied into
 * the project). Only tests import this file.
 */
const VECTORS_DIR = new URL('../../../../../shared/vectors/dlms/', import.meta.url);

export function loadVectorFile<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, VECTORS_DIR), 'utf8')) as T;
}

/** One entry of `u9n-dlms-cosem-vectors.json`. */
export interface U9nVector {
  readonly hex: string;
  /** 'positive', or a sentence starting 'negative' naming the parser that must reject the bytes. */
  readonly expected_by_test: string;
  readonly kind_guess: string;
  readonly gurux_xml?: string;
  readonly u9n_parse?: unknown;
  readonly [k: string]: unknown;
}

/** One entry of `epri-dlms-cosem-vectors.json`. */
export interface EpriVector {
  readonly file: string;
  readonly line: number;
  readonly name_hint: string;
  readonly hex: string;
  readonly len: number;
  readonly kind_guess: string;
  readonly gurux_xml?: string;
  readonly [k: string]: unknown;
}

export function u9nVectors(): U9nVector[] {
  const file = loadVectorFile<{ vectors: U9nVector[] }>('u9n-dlms-cosem-vectors.json');
  return file.vectors;
}

export function epriVectors(): EpriVector[] {
  return loadVectorFile<{ vectors: EpriVector[] }>('epri-dlms-cosem-vectors.json').vectors;
}

/** Feeds `bytes` to `push` whole, byte by byte, and split at every offset; returns each run's output. */
export function everySplit<T>(bytes: Uint8Array, run: (chunks: Uint8Array[]) => T): T[] {
  const outputs: T[] = [run([bytes])];
  outputs.push(run(Array.from(bytes, (b) => Uint8Array.of(b))));
  for (let cut = 1; cut < bytes.length; cut++)
    outputs.push(run([bytes.subarray(0, cut), bytes.subarray(cut)]));
  return outputs;
}
