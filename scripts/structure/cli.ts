import { fileURLToPath } from 'node:url';
import { checkStructure } from './check.js';

// Usage: tsx scripts/structure/cli.ts [root]   (default: the repository root)
const root = process.argv[2] ?? fileURLToPath(new URL('../..', import.meta.url));
const violations = checkStructure(root);
for (const v of violations) console.error(`${v.rule}: ${v.message}`);
console.log(
  violations.length === 0
    ? 'structure: no import cycles, every import allowed by the package table'
    : `structure: ${violations.length} violation(s)`,
);
process.exitCode = violations.length === 0 ? 0 : 1;
