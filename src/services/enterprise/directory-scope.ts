import {MappedProfile} from '../providers/profile-mappers';

/**
 * A directory an application brought (its own SAML IdP or LDAP server) is
 * trusted for that application's users only, never for the service's
 * others: its ids are kept apart from the entry's own directory's (an id
 * `alice` there is not `alice` here), its emails never count as verified
 * (no sign-in into an existing account by email; an existing account's
 * email is ACCOUNT_EXISTS) nor go on the accounts it creates (no address
 * held against its owner), and its groups never grant roles. The entry's
 * own directory, set by the operator, is untouched.
 */
export function scopedToApplication(
  profile: MappedProfile,
  applicationId: string | undefined,
): MappedProfile {
  if (!applicationId) return profile;
  const rest: MappedProfile & {groups?: readonly string[]} = {...profile};
  delete rest.groups;
  return {
    ...rest,
    externalId: `${applicationId}/${profile.externalId}`,
    ...(profile.email ? {emailVerified: false} : {}),
    scopedTo: applicationId,
  };
}
