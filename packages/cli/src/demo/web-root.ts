/** Where the built console and portal are: packages/web/dist, found through the package. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The web build's directory, or undefined when it has not been built (`npm run build`). */
export function webRoot(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('@gridmeter/web/package.json');
    const dist = join(dirname(pkg), 'dist');
    return existsSync(join(dist, 'index.html')) ? dist : undefined;
  } catch {
    return undefined;
  }
}
