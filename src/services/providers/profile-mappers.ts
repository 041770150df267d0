import {AppError} from '../../errors';

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
 * for a missing or empty id: looking up an identity by an empty id could
 * match another account's broken record.
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
 * `PROVIDER_ERROR` for a missing or empty `sub`.
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

function requireId(id: unknown): string {
  const value =
    typeof id === 'number' && Number.isFinite(id) ? String(id) : text(id);
  if (!value) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The provider returned a profile without an id.',
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

function emailAddress(value: unknown): string | undefined {
  const address = text(value)?.toLowerCase();
  return address && /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
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
