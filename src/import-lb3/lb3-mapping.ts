import {AuthScheme} from '../config/provider-entry';
import {normalizeAuthScheme} from '../config/provider-auth-scheme';
import {hasControlCharacter} from '../services/platform/control-characters';
import {
  bcryptCost,
  MAX_BCRYPT_VERIFY_COST,
} from '../services/accounts/bcrypt-hash';
import {
  firstEmail,
  mapPassportProfile,
  requireId,
} from '../services/providers/profile-mappers';
import {ProviderTokens} from '../services/providers/provider-login';
import {
  StoredProfile,
  storedProfile,
} from '../services/providers/flows/provider-account-writer';
import {idText, Lb3Record, prototypeName} from './lb3-records';

/** What the import keeps of a LoopBack 3 User. */
export interface ImportedUser {
  readonly lb3Id: string;
  readonly email?: string;
  readonly username?: string;
  readonly emailVerified: boolean;
  /** The bcrypt hash as LoopBack 3 stored it; rehashed at first sign-in. */
  readonly passwordHash?: string;
  readonly created?: Date;
}

/** What the import keeps of a UserIdentity or a UserCredential. */
export interface ImportedAccount {
  readonly lb3Id: string;
  readonly lb3UserId: string;
  readonly provider: string;
  readonly authScheme: AuthScheme | 'ldap';
  readonly externalId: string;
  readonly profile: StoredProfile;
  /** Provider tokens; sealed before they are stored. */
  readonly tokens?: ProviderTokens;
}

/** The fields a stored UserIdentity or UserCredential takes from `account`. */
export function accountFields(account: ImportedAccount) {
  const {provider, authScheme, externalId, profile} = account;
  return {provider, authScheme, externalId, profile};
}

/** Why a record cannot be taken. */
export class RecordProblem extends Error {}

const MAX_NAME = 254;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The user a record describes; throws RecordProblem for a broken one. */
export function mapUser(record: Lb3Record): ImportedUser {
  const {data} = record;
  const email = optionalText(data.email, 'email')?.toLowerCase();
  if (email !== undefined && !EMAIL.test(email)) {
    throw new RecordProblem('email is not an email address');
  }
  const username = optionalText(data.username, 'username');
  if (username?.includes('@')) {
    // Sign-in reads a login with "@" as an email: such a name could not sign in.
    throw new RecordProblem('username contains "@"');
  }
  if (!email && !username) throw new RecordProblem('has no email or username');
  return {
    lb3Id: record.id,
    ...(email ? {email} : {}),
    ...(username ? {username} : {}),
    emailVerified: data.emailverified === true,
    ...passwordOf(data.password),
    ...createdOf(data.created),
  };
}

/** The provider account a UserIdentity or UserCredential record describes. */
export function mapAccount(record: Lb3Record): ImportedAccount {
  const {data} = record;
  const provider = requiredText(data.provider, 'provider');
  const externalId = exactExternalId(data.externalid);
  const lb3UserId = idText(data.userid);
  if (!lb3UserId) throw new RecordProblem('userId is missing');
  const profile = profileOf(objectOf(data.profile, 'profile'), externalId);
  for (const [field, value] of Object.entries(profile)) {
    if (typeof value === 'string' && hasControlCharacter(value)) {
      throw new RecordProblem(`profile ${field} contains a control character`);
    }
  }
  return {
    lb3Id: record.id,
    lb3UserId,
    provider,
    authScheme: schemeOf(data.authscheme),
    externalId,
    profile,
    ...tokensOf(objectOf(data.credentials, 'credentials')),
  };
}

/** The trimmed profile this service keeps (a Passport profile, as stored). */
function profileOf(
  raw: Record<string, unknown>,
  externalId: string,
): StoredProfile {
  try {
    return storedProfile(
      mapPassportProfile({...raw, id: externalId}, firstEmail),
    );
  } catch {
    // A field of the wrong shape (emails not a list…): no use guessing.
    throw new RecordProblem('profile is not a Passport profile');
  }
}

function passwordOf(value: unknown): {passwordHash?: string} {
  if (value === undefined || value === null || value === '') return {};
  const cost = bcryptCost(value);
  if (cost === undefined) {
    throw new RecordProblem('password is not a bcrypt hash ($2a$, $2b$, $2y$)');
  }
  if (cost > MAX_BCRYPT_VERIFY_COST) {
    throw new RecordProblem(
      `password hash costs ${cost}; sign-in verifies up to ${MAX_BCRYPT_VERIFY_COST}`,
    );
  }
  return {passwordHash: value as string};
}

function createdOf(value: unknown): {created?: Date} {
  if (value === undefined || value === null) return {};
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' || typeof value === 'number'
        ? new Date(value)
        : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new RecordProblem('created is not a date');
  }
  return {created: date};
}

/** LoopBack 3's spellings (`oAuth 2.0`, `oAuth 1.0`, `ldap`); oAuth 2.0 if absent. */
function schemeOf(value: unknown): AuthScheme | 'ldap' {
  if (value === undefined || value === null) return 'oauth2';
  const raw = requiredText(value, 'authScheme');
  if (raw.toLowerCase() === 'ldap') return 'ldap';
  const scheme = normalizeAuthScheme(raw);
  if (!scheme) throw new RecordProblem(`authScheme "${raw}" is not supported`);
  return scheme;
}

/**
 * The tokens loopback-component-passport kept: `accessToken` and
 * `refreshToken` (OAuth 2.0), `token` and `tokenSecret` (OAuth 1.0a).
 */
function tokensOf(credentials: Record<string, unknown>): {
  tokens?: ProviderTokens;
} {
  const pick = (key: string) =>
    optionalText(credentials[key], `credentials.${key}`, 8192);
  const tokens = Object.fromEntries(
    Object.entries({
      accessToken: pick('accessToken') ?? pick('token'),
      refreshToken: pick('refreshToken'),
      tokenSecret: pick('tokenSecret'),
    }).filter(([, v]) => v !== undefined),
  ) as ProviderTokens;
  return Object.keys(tokens).length ? {tokens} : {};
}

/** A JSON object, or its JSON text (the PostgreSQL connector's TEXT column). */
function objectOf(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new RecordProblem(`${field} is not JSON`);
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RecordProblem(`${field} is not an object`);
  }
  const named = prototypeName(parsed);
  if (named)
    throw new RecordProblem(`${field} holds a property named "${named}"`);
  return parsed as Record<string, unknown>;
}

/** The id exactly as sign-in looks it up (requireId): trimmed, it would merge two. */
function exactExternalId(value: unknown): string {
  if (value === undefined || value === null || value === '') {
    throw new RecordProblem('externalId is missing');
  }
  try {
    return requireId(typeof value === 'number' ? idText(value) : value);
  } catch {
    throw new RecordProblem(
      'externalId is not kept exactly (padded, over 256 characters or holding a control character)',
    );
  }
}

function requiredText(value: unknown, field: string): string {
  const text = optionalText(value, field);
  if (!text) throw new RecordProblem(`${field} is missing`);
  return text;
}

function optionalText(
  value: unknown,
  field: string,
  max = MAX_NAME,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new RecordProblem(`${field} is not text`);
  if (hasControlCharacter(value)) {
    throw new RecordProblem(`${field} contains a control character`);
  }
  const text = value.trim();
  if (text.length > max) throw new RecordProblem(`${field} is too long`);
  return text || undefined;
}
