import type {Entry} from 'ldapts';
import {LdapEntry, MEMBER_OF} from '../../config/ldap-entry';
import {MappedProfile, mapClaims} from '../providers/profile-mappers';

/** Stable ids, tried in order when the entry names none (OpenLDAP, AD). */
const STABLE_IDS = ['entryUUID', 'objectGUID'];

/** The attributes a sign-in reads: the profile's, the id, `memberOf`. */
export function attributesToRead(entry: LdapEntry): string[] {
  const {server, profileAttributes: p} = entry;
  return [
    ...new Set([
      ...server.searchAttributes,
      p.username,
      p.name,
      p.email,
      ...(p.id ? [p.id] : STABLE_IDS),
      MEMBER_OF,
    ]),
  ];
}

/** The values of `name` (attribute names are case-insensitive). */
export function valuesOf(entry: Entry, name: string): (string | Buffer)[] {
  const wanted = name.toLowerCase();
  const key = Object.keys(entry).find(k => k.toLowerCase() === wanted);
  const value = key === undefined ? [] : entry[key]!;
  return Array.isArray(value) ? value : [value];
}

function firstText(entry: Entry, name: string): string | undefined {
  const [value] = valuesOf(entry, name);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  // Active Directory's objectGUID: 16 bytes, shown as its GUID string.
  return value.length === 16 ? guid(value) : value.toString('hex');
}

/** The DNs in the entry's `memberOf`. */
export function groupsOf(entry: Entry): string[] {
  return valuesOf(entry, MEMBER_OF).map(String);
}

/**
 * The profile of a directory user: its id is the attribute the entry
 * names (LoopBack 3's `profileAttributesFromLDAP.id`), else entryUUID or
 * objectGUID, else the DN; the email counts as verified only when the
 * entry trusts the directory's email (`trustEmail`).
 */
export function directoryProfile(entry: LdapEntry, user: Entry): MappedProfile {
  const p = entry.profileAttributes;
  const id = p.id
    ? firstText(user, p.id)
    : (STABLE_IDS.map(a => firstText(user, a)).find(Boolean) ?? user.dn);
  return mapClaims({
    sub: id,
    email: firstText(user, p.email),
    email_verified: entry.trustEmail,
    name: firstText(user, p.name),
    preferred_username: firstText(user, p.username),
  });
}

/** A Windows GUID's string form: the first three fields little-endian. */
function guid(bytes: Buffer): string {
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = [...bytes.subarray(from, to)];
    return (reverse ? part.reverse() : part)
      .map(b => b.toString(16).padStart(2, '0'))
      .join('');
  };
  return [
    hex(0, 4, true),
    hex(4, 6, true),
    hex(6, 8, true),
    hex(8, 10, false),
    hex(10, 16, false),
  ].join('-');
}
