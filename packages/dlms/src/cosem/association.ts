/**
 * Association LN (IEC 62056-6-2 §4.4.3): the object_list a client reads to learn what a server
 * offers, with the access rights of the current association, and the association's partners.
 */
import type { DlmsData } from '../axdr/types.js';
import { arrayPart, converter, type DataConverter, P, type Part, structPart } from './converter.js';
import { arrayOf, fail, make, num } from './shape.js';

/** attribute access_mode, Association LN versions 0-2 (§4.4.3). */
export const AttributeAccessMode = {
  no_access: 0,
  read_only: 1,
  write_only: 2,
  read_and_write: 3,
  authenticated_read_only: 4,
  authenticated_write_only: 5,
  authenticated_read_and_write: 6,
} as const;
export type AttributeAccessMode = (typeof AttributeAccessMode)[keyof typeof AttributeAccessMode];

/** method access_mode, Association LN versions 1-2 (§4.4.3; version 0 used a boolean). */
export const MethodAccessMode = {
  no_access: 0,
  access: 1,
  authenticated_access: 2,
} as const;
export type MethodAccessMode = (typeof MethodAccessMode)[keyof typeof MethodAccessMode];

/**
 * Association LN version 3 reads access_mode as a bit map: bit 0 read (method: access), bit 1
 * write, then the protection each request/response needs.
 */
export const AccessModeBit = {
  read_access: 0x01,
  write_access: 0x02,
  authenticated_request: 0x04,
  encrypted_request: 0x08,
  digitally_signed_request: 0x10,
  authenticated_response: 0x20,
  encrypted_response: 0x40,
  digitally_signed_response: 0x80,
} as const;

/** True when an attribute access_mode (versions 0-2) allows GET. */
export function canRead(mode: number): boolean {
  return mode === 1 || mode === 3 || mode === 4 || mode === 6;
}

/** True when an attribute access_mode (versions 0-2) allows SET. */
export function canWrite(mode: number): boolean {
  return mode === 2 || mode === 3 || mode === 5 || mode === 6;
}

/** One attribute_access_item; `accessSelectors` is `null` when sent as null-data. */
export interface AttributeAccessItem {
  readonly attributeId: number;
  readonly accessMode: number;
  readonly accessSelectors: readonly number[] | null;
}

/** One method_access_item. */
export interface MethodAccessItem {
  readonly methodId: number;
  readonly accessMode: number;
}

/** access_right: what the current association may do with each attribute and method. */
export interface AccessRights {
  readonly attributeAccess: readonly AttributeAccessItem[];
  readonly methodAccess: readonly MethodAccessItem[];
}

/** object_list_element: one COSEM object the association can see. */
export interface ObjectListElement {
  readonly classId: number;
  readonly version: number;
  readonly logicalName: Uint8Array;
  readonly accessRights: AccessRights;
}

const accessSelectorsPart: Part<readonly number[] | null> = {
  read: (d, w) => {
    if (d.type === 'null-data') return null;
    if (d.type !== 'array') return fail(w, 'null-data or array of integer', d);
    return arrayOf(d, w, num.integer);
  },
  write: (v, name): DlmsData =>
    v === null ? { type: 'null-data' } : make.array(v.map((s, i) => make.integer(s, `${name}[${i}]`))),
};

const objectListElementPart: Part<ObjectListElement> = structPart<ObjectListElement>({
  classId: P.longUnsigned,
  version: P.unsigned,
  logicalName: P.logicalName,
  accessRights: structPart<AccessRights>({
    attributeAccess: arrayPart(
      structPart<AttributeAccessItem>({
        attributeId: P.integer,
        accessMode: P.enum,
        accessSelectors: accessSelectorsPart,
      }),
    ),
    methodAccess: arrayPart(structPart<MethodAccessItem>({ methodId: P.integer, accessMode: P.enum })),
  }),
});

/** Association LN `object_list`: array object_list_element. */
export const objectListConverter: DataConverter<readonly ObjectListElement[]> = converter(
  'object_list',
  arrayPart(objectListElementPart),
);

/** One object_list_element, the parameter of the add_object / remove_object methods. */
export const objectListElementConverter: DataConverter<ObjectListElement> = converter(
  'object_list_element',
  objectListElementPart,
);

/** associated_partners_type: the client and server SAPs of the association. */
export interface AssociatedPartners {
  readonly clientSap: number;
  readonly serverSap: number;
}

/** Association LN `associated_partners_id`. */
export const associatedPartnersConverter: DataConverter<AssociatedPartners> = converter(
  'associated_partners_id',
  structPart<AssociatedPartners>({ clientSap: P.integer, serverSap: P.longUnsigned }),
);

/** Association LN association_status. */
export const AssociationStatus = {
  non_associated: 0,
  association_pending: 1,
  associated: 2,
} as const;
export type AssociationStatus = (typeof AssociationStatus)[keyof typeof AssociationStatus];

/** user_list_entry (Association LN version 2). */
export interface UserListEntry {
  readonly userId: number;
  readonly userName: string;
}

/** Association LN `user_list`: array user_list_entry. */
export const userListConverter: DataConverter<readonly UserListEntry[]> = converter(
  'user_list',
  arrayPart(structPart<UserListEntry>({ userId: P.unsigned, userName: P.visibleString })),
);
