import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkStructure, findCycles, importsOf } from './check.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('structure check', () => {
  it('passes on this repository', () => {
    expect(checkStructure(fileURLToPath(new URL('../..', import.meta.url)))).toEqual([]);
  });

  it('passes a clean fixture', () => {
    expect(checkStructure(fixture('clean'))).toEqual([]);
  });

  it('fails on an import the package table forbids', () => {
    expect(checkStructure(fixture('forbidden'))).toEqual([
      {
        rule: 'forbidden-import',
        message:
          'packages/codec/src/index.ts imports @gridmeter/domain, but codec may import only no workspace package',
      },
    ]);
  });

  it('fails on an import cycle inside a package, type-only imports included', () => {
    expect(checkStructure(fixture('cycle'))).toEqual([
      { rule: 'cycle', message: 'import cycle: packages/domain/src/a.ts ↔ packages/domain/src/b.ts' },
    ]);
  });

  it('fails on I/O in a codec and on reaching into another package', () => {
    expect(checkStructure(fixture('io')).map((v) => v.rule)).toEqual(['io-in-core']);
    expect(checkStructure(fixture('deep')).map((v) => v.rule)).toEqual(['deep-import']);
  });

  it('finds cycles between packages', () => {
    const g = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['d'])],
      ['e', new Set(['a'])],
    ]);
    expect(findCycles(g)).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('reads imports, re-exports and dynamic imports but not comments', () => {
    const src = `import a from 'x';\nimport type { B } from "y";\nexport * from './z.js';\n// import q from 'no'\nconst m = await import('w');\nimport 'side';`;
    expect(importsOf(src)).toEqual(['x', 'y', './z.js', 'w', 'side']);
  });
});
