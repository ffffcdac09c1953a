import type { DecodeReport } from './report.js';

type Tree = null | boolean | number | string | readonly Tree[] | { readonly [k: string]: Tree | undefined };

const INDENT = '  ';

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/** An XML name from a JSON key or type name (`get-response-normal` stays as it is). */
function xmlName(s: string): string {
  const name = s.replace(/[^A-Za-z0-9_.-]/g, '-');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

function isScalar(v: Tree | undefined): v is null | boolean | number | string {
  return v === null || typeof v !== 'object';
}

/** The fields that name what an object is: a report item's `frame`, an APDU's or Data's `type`. */
const NAMING_KEYS = ['frame', 'type'] as const;

/** Array elements are named by their `frame` (`wrapper`, `hdlc`), `type` (Data, APDUs) or `item`. */
function elementName(v: Tree): string {
  if (!isScalar(v) && !Array.isArray(v)) {
    for (const k of NAMING_KEYS) {
      const name = (v as { readonly [k: string]: Tree | undefined })[k];
      if (typeof name === 'string') return name;
    }
  }
  return 'item';
}

function renderElement(name: string, value: Tree, depth: number, out: string[]): void {
  const pad = INDENT.repeat(depth);
  const tag = xmlName(name);
  if (isScalar(value)) {
    out.push(`${pad}<${tag} value="${escapeXml(String(value))}"/>`);
    return;
  }
  if (Array.isArray(value)) {
    const list = value as readonly Tree[];
    if (list.length === 0) {
      out.push(`${pad}<${tag} count="0"/>`);
      return;
    }
    out.push(`${pad}<${tag} count="${list.length}">`);
    for (const v of list) renderElement(elementName(v), v, depth + 1, out);
    out.push(`${pad}</${tag}>`);
    return;
  }
  const attrs: string[] = [];
  const children: [string, Tree][] = [];
  for (const [k, v] of Object.entries(value as { readonly [k: string]: Tree | undefined })) {
    if (v === undefined) continue;
    if ((NAMING_KEYS as readonly string[]).includes(k) && v === name) continue;
    if (isScalar(v)) attrs.push(` ${xmlName(k)}="${escapeXml(String(v))}"`);
    else children.push([k, v]);
  }
  if (children.length === 0) {
    out.push(`${pad}<${tag}${attrs.join('')}/>`);
    return;
  }
  out.push(`${pad}<${tag}${attrs.join('')}>`);
  for (const [k, v] of children) renderElement(k, v, depth + 1, out);
  out.push(`${pad}</${tag}>`);
}

/**
 * The report as XML, one element per JSON field, in the spirit of the Gurux translator: scalar
 * fields are attributes, objects child elements, list entries elements named by their `frame`
 * or `type` (`<wrapper …>`, `<structure>`, `<long-unsigned value="15"/>`) or `item`.
 *
 * @example
 * renderXml(decodeDlms(bytes)); // '<?xml version="1.0" encoding="UTF-8"?>\n<dlms layer="wrapper" …>'
 */
export function renderXml(report: DecodeReport): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  renderElement('dlms', report as unknown as Tree, 0, out);
  return `${out.join('\n')}\n`;
}
