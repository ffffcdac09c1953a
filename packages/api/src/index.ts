export { type ApiOptions, createApi } from './app.js';
export { AuditLog, type AuditLogOptions, type AuditRecord, type AuditResult } from './audit.js';
export { hashPassword, verifyPassword } from './auth/password.js';
export { type Access, allows, ROLES, type Role } from './auth/roles.js';
export {
  type ApiTokenRecord,
  type NewUser,
  type User,
  UserExistsError,
  UserStore,
  type UserStoreOptions,
} from './auth/user-store.js';
export type { Api, Principal } from './context.js';
export type * from './ports.js';
export { HttpProblem, toProblem } from './problems.js';
export * from './schemas/index.js';
