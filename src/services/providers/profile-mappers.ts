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
}

/** The parts of a Passport profile (or OIDC claims) the mappers read. */
export interface PassportProfileLike {
  id?: unknown;
  displayName?: unknown;
  username?: unknown;
  name?: {givenName?: unknown; familyName?: unknown};
  emails?: {value?: unknown; verified?: unknown; primary?: unknown}[];
  photos?: {value?: unknown}[];
  _json?: Record<string, unknown>;
}

export type ProfileFamily =
  'facebook' | 'google' | 'github' | 'oidc' | 'generic';

const FAMILY_BY_MODULE: Record<string, ProfileFamily> = {
  'passport-facebook': 'facebook',
  'passport-google-oauth20': 'google',
  'passport-github2': 'github',
  'openid-client': 'oidc',
};

/** Which mapper reads an entry's profiles. */
export function profileFamily(entry: {module: string}): ProfileFamily {
  return FAMILY_BY_MODULE[entry.module] ?? 'generic';
}

/**
 * Turns a provider profile into a MappedProfile. Throws `PROVIDER_ERROR` for
 * a missing or empty id: looking up an identity by an empty id could match
 * another account's broken record.
 */
export function mapProfile(
  family: ProfileFamily,
  profile: PassportProfileLike,
): MappedProfile {
  if (family === 'oidc') return mapClaims(profile as Record<string, unknown>);
  const externalId = requireId(profile.id);
  const email = pickEmail(family, profile);
  return compact({
    externalId,
    email: email?.address,
    emailVerified: email ? email.verified : undefined,
    name: text(profile.displayName) ?? fullName(profile.name),
    username: text(profile.username),
    photo: url(profile.photos?.[0]?.value),
  });
}

/** OpenID Connect: ID token claims merged with the userinfo response. */
function mapClaims(claims: Record<string, unknown>): MappedProfile {
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

function pickEmail(
  family: ProfileFamily,
  profile: PassportProfileLike,
): {address: string; verified: boolean} | undefined {
  const emails = (profile.emails ?? []).filter(e => emailAddress(e.value));
  // GitHub lists every address with its own flag: prefer a verified primary.
  const chosen =
    family === 'github'
      ? (emails.find(e => e.primary === true && e.verified === true) ??
        emails.find(e => e.verified === true) ??
        emails.find(e => e.primary === true))
      : emails[0];
  const address = emailAddress(chosen?.value);
  if (!chosen || !address) return undefined;
  switch (family) {
    case 'facebook':
      // The Graph API only ever returns a confirmed address.
      return {address, verified: true};
    case 'google': {
      const flag = profile._json?.email_verified ?? chosen.verified;
      return {address, verified: flag === true || flag === 'true'};
    }
    default:
      return {address, verified: chosen.verified === true};
  }
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
