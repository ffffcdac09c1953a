/**
 * Serves the API over the fixture for the web console's development:
 *   npx tsx integration/api/dev-server.ts [--port 8090] [--web packages/web/dist] [--host 127.0.0.1]
 * and prints the demo logins. Re-runs itself with `--conditions=source` so that the workspace
 * packages load from their TypeScript sources rather than a possibly stale `dist/`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (process.execArgv.includes('--conditions=source')) {
  await import('./dev-server-main.js');
} else {
  const main = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', main, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
