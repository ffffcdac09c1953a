import type { AuditRecord } from '../audit.js';
import type { ApiTokenRecord, User } from '../auth/user-store.js';
import type { ApiTokenDto, AuditRecordDto, UserDto } from '../schemas/auth.js';
import { opt } from './meters.js';
import { iso, isoField } from './time.js';

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    ...opt('displayName', u.displayName),
    servicePointIds: [...u.servicePointIds],
    createdAt: iso(u.createdAt),
  };
}

export function toTokenDto(t: ApiTokenRecord): ApiTokenDto {
  return {
    id: t.id,
    name: t.name,
    userId: t.userId,
    createdAt: iso(t.createdAt),
    ...isoField('expiresAt', t.expiresAt),
    ...isoField('lastUsedAt', t.lastUsedAt),
  };
}

export function toAuditDto(r: AuditRecord): AuditRecordDto {
  return { ...r, at: iso(r.at) };
}
