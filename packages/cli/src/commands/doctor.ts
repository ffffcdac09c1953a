import { Option } from 'commander';
import type { CliModule } from '../cli-module.js';
import { formatChecks, runDoctor } from '../doctor/doctor.js';
import { SERVICES } from '../doctor/services.js';

export const doctorModule: CliModule = {
  name: 'doctor',
  register(program) {
    program
      .command('doctor')
      .description('check this machine: Node.js, local services, open-file limit, free ports')
      .addOption(
        new Option(
          '--require <services>',
          'comma-separated services that must be up (fail otherwise)',
        ).argParser((v: string) => v.split(',').filter(Boolean)),
      )
      .option('--host <host>', 'where the services listen', '127.0.0.1')
      .option('--json', 'print the checks as JSON')
      .addHelpText('after', `\nServices: ${SERVICES.map((s) => `${s.name} (${s.port})`).join(', ')}`)
      .action(async (opts: { require?: string[]; host: string; json?: boolean }) => {
        const checks = await runDoctor({ host: opts.host, require: opts.require ?? [] });
        console.log(opts.json ? JSON.stringify(checks, null, 2) : formatChecks(checks));
        const failed = checks.filter((c) => c.status === 'fail');
        if (!opts.json) {
          console.log(
            failed.length === 0
              ? '\nHealthy: everything Gridmeter needs is here (warnings are optional extras).'
              : `\nNot healthy: ${failed.map((c) => c.name).join(', ')}.`,
          );
        }
        process.exitCode = failed.length === 0 ? 0 : 1;
      });
  },
};
