import { type Static, Type } from '@sinclair/typebox';
import { IsoTimeSchema, Page, PageQuerySchema } from './common.js';

export const RoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('operator'),
  Type.Literal('viewer'),
  Type.Literal('customer'),
]);
export type RoleDto = Static<typeof RoleSchema>;

export const UserSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    role: RoleSchema,
    displayName: Type.Optional(Type.String()),
    /** The service points a customer owns (empty for staff). */
    servicePointIds: Type.Array(Type.String()),
    createdAt: IsoTimeSchema,
  },
  { title: 'User' },
);
export type UserDto = Static<typeof UserSchema>;

export const LoginBodySchema = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});
export type LoginBodyDto = Static<typeof LoginBodySchema>;

/** The session token (also set as the HttpOnly cookie `gm_session`) and who logged in. */
export const LoginResponseSchema = Type.Object({
  token: Type.String(),
  expiresAt: IsoTimeSchema,
  user: UserSchema,
});
export type LoginResponseDto = Static<typeof LoginResponseSchema>;

export const CreateUserBodySchema = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]*$' }),
  password: Type.String({ minLength: 8, maxLength: 256 }),
  role: RoleSchema,
  displayName: Type.Optional(Type.String({ maxLength: 128 })),
  servicePointIds: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }),
  ),
});
export type CreateUserBodyDto = Static<typeof CreateUserBodySchema>;

/** `PATCH /api/users/:id` (admin): any of role, display name, service points, password. */
export const UpdateUserBodySchema = Type.Object({
  role: Type.Optional(RoleSchema),
  displayName: Type.Optional(Type.String({ maxLength: 128 })),
  servicePointIds: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }),
  ),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 256 })),
});
export type UpdateUserBodyDto = Static<typeof UpdateUserBodySchema>;

/** `POST /api/me/password`: the current password proves it is the user. */
export const ChangePasswordBodySchema = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: Type.String({ minLength: 8, maxLength: 256 }),
});
export type ChangePasswordBodyDto = Static<typeof ChangePasswordBodySchema>;

export const UserPageSchema = Page(UserSchema);
export type UserPageDto = Static<typeof UserPageSchema>;
export const UserListQuerySchema = PageQuerySchema;

/** An API token (the secret is shown once, at creation). */
export const ApiTokenSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    userId: Type.String(),
    createdAt: IsoTimeSchema,
    expiresAt: Type.Optional(IsoTimeSchema),
    lastUsedAt: Type.Optional(IsoTimeSchema),
  },
  { title: 'ApiToken' },
);
export type ApiTokenDto = Static<typeof ApiTokenSchema>;

export const CreateTokenBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  expiresAt: Type.Optional(IsoTimeSchema),
});
export type CreateTokenBodyDto = Static<typeof CreateTokenBodySchema>;

export const CreatedTokenSchema = Type.Composite([ApiTokenSchema, Type.Object({ secret: Type.String() })], {
  title: 'CreatedToken',
});
export type CreatedTokenDto = Static<typeof CreatedTokenSchema>;

/** One audited action: who did what to which target, and how it ended. */
export const AuditRecordSchema = Type.Object(
  {
    id: Type.Integer(),
    at: IsoTimeSchema,
    user: Type.String(),
    action: Type.String({ description: 'e.g. command.create, interval.edit, login.failed' }),
    target: Type.String(),
    result: Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')]),
    detail: Type.Optional(Type.String()),
  },
  { title: 'AuditRecord' },
);
export type AuditRecordDto = Static<typeof AuditRecordSchema>;

export const AuditQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    user: Type.Optional(Type.String({ maxLength: 64 })),
    action: Type.Optional(Type.String({ maxLength: 64 })),
  }),
]);
export type AuditQueryDto = Static<typeof AuditQuerySchema>;

export const AuditPageSchema = Page(AuditRecordSchema);
export type AuditPageDto = Static<typeof AuditPageSchema>;
