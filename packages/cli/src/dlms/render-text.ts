import type { DecodeReport } from './report.js';

type Tree = null | boolean | number | string | readonly Tree[] | { readonly [k: string]: Tree | undefined };

function isScalar(v: Tree | undefined): v is null | boolean | number | string {
  return v === null || typeof v !== 'object';
}

function renderValue(value: Tree, indent: string, out: string[], label: string): void {
  if (isScalar(value)) {
    out.push(`${indent}${label}${String(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    const list = value as readonly Tree[];
    if (list.length > 0 && list.every(isScalar)) {
      out.push(`${indent}${label}${list.map(String).join(', ')}`);
      return;
    }
    out.push(`${indent}${label}[${list.length}]`);
    list.forEach((v, i) => void renderValue(v, `${indent}  `, out, `[${i}] `));
    return;
  }
  const entries = Object.entries(value as { readonly [k: string]: Tree | undefined }).filter(
    (e): e is [string, Tree] => e[1] !== undefined,
  );
  const scalars = entries.filter(([, v]) => isScalar(v));
  const nested = entries.filter(([, v]) => !isScalar(v));
  out.push(`${indent}${label}${scalars.map(([k, v]) => `${k}=${String(v)}`).join(' ')}`.trimEnd());
  for (const [k, v] of nested) renderValue(v, `${indent}  `, out, `${k}: `);
}

/**
 * The report as indented text: each object on one line of `key=value` pairs, nested objects and
 * lists below it. Compact for a terminal; JSON and XML say the same.
 *
 * @example
 * renderText(decodeDlms(bytes)); // 'layer=wrapper length=39 ok=true\n  items: [1]\n …'
 */
export function renderText(report: DecodeReport): string {
  const out: string[] = [];
  renderValue(report as unknown as Tree, '', out, '');
  return `${out.join('\n')}\n`;
}
