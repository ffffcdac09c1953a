import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { MAY_IMPORT, NO_IO, SCOPE } from './rules.js';

/** One broken rule, with the file and import that broke it. */
export interface Violation {
  readonly rule:
    | 'forbidden-import'
    | 'unknown-package'
    | 'deep-import'
    | 'escapes-package'
    | 'io-in-core'
    | 'cycle';
  readonly message: string;
}

const SOURCE_DIRS = ['src', 'test', 'bench'];
const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a TypeScript file imports or re-exports (comments stripped). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(IMPORT_RE)) out.push((m[1] ?? m[2])!);
  return out;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveRelative(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** Strongly connected components with more than one node, or a node importing itself (Tarjan). */
export function findCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v)) cycles.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return cycles;
}

/**
 * Checks the workspace under `root`: every import between packages is allowed by the package
 * table, no package reaches into another's internals or out of its own folder, codecs and the
 * domain do no I/O, and there is no import cycle between packages or between files of one.
 */
export function checkStructure(root: string): Violation[] {
  const violations: Violation[] = [];
  const packagesDir = join(root, 'packages');
  const packages = existsSync(packagesDir)
    ? readdirSync(packagesDir).filter((p) => existsSync(join(packagesDir, p, 'package.json')))
    : [];
  const fileGraph = new Map<string, Set<string>>();
  const packageGraph = new Map<string, Set<string>>();

  for (const pkg of packages) {
    const pkgDir = join(packagesDir, pkg);
    packageGraph.set(pkg, new Set());
    const allowed = MAY_IMPORT[pkg];
    if (!allowed) {
      violations.push({
        rule: 'unknown-package',
        message: `packages/${pkg} is not in the package table (rules.ts)`,
      });
    }
    for (const file of SOURCE_DIRS.flatMap((d) => listFiles(join(pkgDir, d)))) {
      const rel = relative(root, file);
      const edges = new Set<string>();
      fileGraph.set(rel, edges);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = resolveRelative(file, spec);
          if (!target) continue; // a missing file is the type checker's to report
          if (relative(pkgDir, target).startsWith('..')) {
            violations.push({
              rule: 'escapes-package',
              message: `${rel} imports ${spec}, outside packages/${pkg}`,
            });
            continue;
          }
          edges.add(relative(root, target));
        } else if (spec.startsWith(SCOPE)) {
          const [name = '', ...deep] = spec.slice(SCOPE.length).split('/');
          if (deep.length > 0) {
            violations.push({
              rule: 'deep-import',
              message: `${rel} imports ${spec}: import ${SCOPE}${name}, not its internals`,
            });
          }
          if (name === pkg) continue;
          packageGraph.get(pkg)!.add(name);
          if (allowed && !allowed.includes(name)) {
            violations.push({
              rule: 'forbidden-import',
              message: `${rel} imports ${SCOPE}${name}, but ${pkg} may import only ${allowed.length ? allowed.join(', ') : 'no workspace package'}`,
            });
          }
        } else if (NO_IO[pkg]?.includes(spec) || NO_IO[pkg]?.includes(`node:${spec}`)) {
          violations.push({ rule: 'io-in-core', message: `${rel} imports ${spec}: ${pkg} does no I/O` });
        }
      }
    }
  }
  for (const cycle of findCycles(packageGraph)) {
    violations.push({ rule: 'cycle', message: `package cycle: ${cycle.join(' ↔ ')}` });
  }
  for (const cycle of findCycles(fileGraph)) {
    violations.push({ rule: 'cycle', message: `import cycle: ${cycle.join(' ↔ ')}` });
  }
  return violations;
}
