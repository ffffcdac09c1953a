import { readFileSync } from 'node:fs';
import { fromHex } from '@gridmeter/codec';
import { describe, expect, it } from 'vitest';
import { decodeDlms } from './decode.js';
import { renderText } from './render-text.js';
import { renderXml } from './render-xml.js';

const VECTORS = new URL('../../../../../shared/vectors/dlms/', import.meta.url);
const captures = JSON.parse(readFileSync(new URL('captures/loopback-sessions.json', VECTORS), 'utf8')) as {
  sessions: Array<{ name: string; messages: Array<{ hex: string }> }>;
};

/** Checks that every tag closes in order and attribute values are quoted; returns the root's name. */
function checkTagBalance(xml: string): string {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let root = '';
  const tag =
    /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="(?:[^"<&]|&(?:lt|gt|amp|quot);)*")*)\s*(\/?)>/y;
  let at = 0;
  while (at < body.length) {
    const lt = body.indexOf('<', at);
    if (lt < 0) {
      expect(body.slice(at).trim()).toBe('');
      break;
    }
    expect(body.slice(at, lt).trim(), `text at ${at}`).toBe('');
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed tag at ${lt}: ${body.slice(lt, lt + 60)}`);
    const [, close, name, , selfClose] = m;
    if (close) expect(stack.pop(), `closing ${name} at ${lt}`).toBe(name);
    else if (!selfClose) {
      if (stack.length === 0) {
        expect(root, 'a second root element').toBe('');
        root = name!;
      }
      stack.push(name!);
    } else if (stack.length === 0) root = name!;
    at = tag.lastIndex;
  }
  expect(stack).toEqual([]);
  return root;
}

describe('renderXml', () => {
  it('renders a whole session as well-formed XML with Data values named by type', () => {
    for (const s of captures.sessions) {
      const report = decodeDlms(fromHex(s.messages.map((m) => m.hex).join('')));
      const xml = renderXml(report);
      expect(checkTagBalance(xml), s.name).toBe('dlms');
    }
    const clock = renderXml(decodeDlms(fromHex('c401c100090c07ea0b160701141300000000090f')));
    expect(clock).toContain('<get-response-normal');
    expect(clock).toContain('<trailing offset="18" length="2" hex="090f">');
  });

  it('escapes markup in values', () => {
    // A visible-string '<&"' in a GET-Response.
    const xml = renderXml(decodeDlms(fromHex('c401c100 0a03 3c2622')));
    expect(xml).toContain('value="&lt;&amp;&quot;"');
    checkTagBalance(xml);
  });
});

describe('renderText', () => {
  it('prints one line per object with its scalar fields', () => {
    const text = renderText(decodeDlms(fromHex('000100100001000dc001c100080000010000ff0200')));
    expect(text.split('\n')[0]).toBe('layer=wrapper length=21 ok=true');
    expect(text).toMatch(/frame=wrapper offset=0 length=21 version=1 source=16 destination=1/);
    expect(text).toMatch(/obis=0\.0\.1\.0\.0\.255/);
  });
});
