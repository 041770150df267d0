import {AppError} from '../../errors';
import {hasControlCharacter} from '../platform/control-characters';

/** What this service keeps of a provider's profile: trimmed, no raw payload. */
export interface MappedProfile {
  readonly externalId: string;
  readonly email?: string;
  /** True only when the provider asserts the address is verified. */
  readonly emailVerified?: boolean;
  readonly name?: string;
  readonly username?: string;
  readonly photo?: string;
  /** A directory's groups (SAML, LDAP): rolesFromGroups maps them to roles. */
  readonly groups?: readonly string[];
  /**
   * The client application whose own directory asserted this profile: it
   * is trusted for that application only, so its email never goes on a new
   * account (where it would hold the address against its owner, whose
   * password reset would then adopt an account that directory signs into).
   */
  readonly scopedTo?: string;
}

/** One address of a Passport profile, as the strategy module gave it. */
export interface PassportEmail {
  value?: unknown;
  verified?: unknown;
  primary?: unknown;
}

/** The parts of a Passport profile (or OIDC claims) the mappers read. */
export interface PassportProfileLike {
  id?: unknown;
  displayName?: unknown;
  username?: unknown;
  name?: {givenName?: unknown; familyName?: unknown};
  emails?: PassportEmail[];
  photos?: {value?: unknown}[];
  _json?: Record<string, unknown>;
}

/** The address a vendor keeps, and whether the vendor vouches for it. */
export interface PickedEmail {
  readonly address: string;
  readonly verified: boolean;
}

/**
 * A vendor's rule for the profile's addresses: which one to keep and
 * whether it is verified. Vendors differ here, and only here, in how a
 * Passport profile maps.
 */
export type EmailPicker = (
  profile: PassportProfileLike,
  emails: readonly PassportEmail[],
) => PickedEmail | undefined;

/**
 * Turns a Passport profile into a MappedProfile, keeping the address
 * `pickEmail` chooses among the well-formed ones. Throws `PROVIDER_ERROR`
 * for an id that cannot be kept exactly as sent (see requireId): looking
 * up an identity by an empty, trimmed or cut id could match another
 * account's.
 */
export function mapPassportProfile(
  profile: PassportProfileLike,
  pickEmail: EmailPicker,
): MappedProfile {
  const externalId = requireId(profile.id);
  const emails = (profile.emails ?? []).filter(e => emailAddress(e.value));
  const email = pickEmail(profile, emails);
  return compact({
    externalId,
    email: email?.address,
    emailVerified: email ? email.verified : undefined,
    name: text(profile.displayName) ?? fullName(profile.name),
    username: text(profile.username),
    photo: url(profile.photos?.[0]?.value),
  });
}

/**
 * The usual picker: the first address, verified only when the profile
 * says so.
 */
export const firstEmail: EmailPicker = (_profile, emails) =>
  picked(emails[0], e => e.verified === true);

/**
 * `chosen`'s address with the verdict of `verified`, or undefined when
 * nothing was chosen.
 */
export function picked(
  chosen: PassportEmail | undefined,
  verified: (email: PassportEmail) => boolean,
): PickedEmail | undefined {
  const address = emailAddress(chosen?.value);
  if (!chosen || !address) return undefined;
  return {address, verified: verified(chosen)};
}

/**
 * OpenID Connect: ID token claims merged with the userinfo response. Throws
 * `PROVIDER_ERROR` for a `sub` that cannot be kept exactly (requireId).
 */
export function mapClaims(claims: Record<string, unknown>): MappedProfile {
  const address = emailAddress(claims.email);
  return compact({
    externalId: requireId(claims.sub),
    email: address,
    emailVerified: address ? claims.email_verified === true : undefined,
    name:
      text(claims.name) ??
      fullName({givenName: claims.given_name, familyName: claims.family_name}),
    username: text(claims.preferred_username) ?? text(claims.nickname),
    photo: url(claims.picture),
  });
}

/**
 * The longest provider id kept: whole, or not at all. 256, the length ids
 * were cut at before: one of exactly 256 characters was always kept whole,
 * so its account still signs in.
 */
export const MAX_EXTERNAL_ID_LENGTH = 256;

/**
 * The provider's id exactly as sent, or `PROVIDER_ERROR`. It is the key an
 * identity is found by, so nothing may be trimmed or cut from it: two
 * subjects sharing their first 256 characters, or `alice` and ` alice`,
 * would then be one identity, and one person would sign in as the other.
 * Refused: no id, an empty one, one longer than 256 characters, with
 * surrounding whitespace or a control character, or named like an
 * Object.prototype member (`__proto__`: no user's name). A number (Facebook,
 * GitHub) is its decimal text. The mappers of every kind of entry (OAuth,
 * OpenID Connect, SAML, LDAP) come here.
 */
export function requireId(id: unknown): string {
  if (id === undefined || id === null || id === '') {
    throw new AppError(
      'PROVIDER_ERROR',
      'The provider returned a profile without an id.',
    );
  }
  const value = typeof id === 'number' && Number.isFinite(id) ? String(id) : id;
  if (
    typeof value !== 'string' ||
    value.trim() === '' ||
    value !== value.trim() ||
    value.length > MAX_EXTERNAL_ID_LENGTH ||
    hasControlCharacter(value) ||
    value in Object.prototype
  ) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The provider sent a user id this service cannot keep exactly as sent.',
    );
  }
  return value;
}

const MAX_TEXT = 256;

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim().slice(0, MAX_TEXT);
  return trimmed || undefined;
}

function fullName(name?: {givenName?: unknown; familyName?: unknown}) {
  const parts = [text(name?.givenName), text(name?.familyName)].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/**
 * A well-formed address, whole: one longer than RFC 5321's 254 characters
 * is dropped, never cut (a cut address is someone else's, or no one's).
 */
function emailAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const address = value.trim().toLowerCase();
  if (address.length > 254) return undefined;
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
}

function url(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const raw = value.trim();
  if (!raw || raw.length > 2048) return undefined;
  return /^https?:\/\//i.test(raw) ? raw : undefined;
}

function compact(profile: MappedProfile): MappedProfile {
  return Object.fromEntries(
    Object.entries(profile).filter(([, v]) => v !== undefined),
  ) as unknown as MappedProfile;
}
