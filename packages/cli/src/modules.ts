import type { CliModule } from './cli-module.js';
import { billingModule } from './commands/billing.js';
import { demoModule } from './commands/demo.js';
import { dlmsModule } from './commands/dlms.js';
import { doctorModule } from './commands/doctor.js';
import { headendModule } from './commands/headend.js';
import { mdmModule } from './commands/mdm.js';
import { simulateModule } from './commands/simulate.js';

/** Every subcommand group of `gridmeter`. Add a package's module here. */
export const modules: readonly CliModule[] = [
  doctorModule,
  dlmsModule,
  simulateModule,
  headendModule,
  mdmModule,
  billingModule,
  demoModule,
];
