export type { CliModule } from './cli-module.js';
export { type Check, type CheckStatus, type DoctorOptions, runDoctor, SERVICES } from './doctor/doctor.js';
export { main } from './main.js';
export { createProgram } from './program.js';
