import {MappedProfile} from '../profile-mappers';
import type {SignInEntry} from './provider-sign-in-rules';

/** The user properties a providers.json entry may shape for new users. */
export interface ShapedUser {
  name?: string;
  username?: string;
}

/** LoopBack 3's hook: `profileToUser(provider, profile, options)`. */
type ProfileToUser = (
  provider: string,
  profile: MappedProfile,
  options: object,
) => Record<string, unknown> | undefined;

const SHAPEABLE = ['name', 'username'] as const;

/**
 * The name and username a new user gets from a provider profile: the
 * profile's name, then LoopBack 3's `profileMapping` (user property →
 * profile property), then its `profileToUser` module. Only `name` and
 * `username` are taken from either: the email always comes from the
 * provider itself (LoopBack 3's default invented addresses, which this
 * service never does), and roles or flags are never set from outside.
 */
export function shapeNewUser(
  entry: SignInEntry,
  profile: MappedProfile,
): ShapedUser {
  let shaped: Record<string, unknown> = {name: profile.name};
  for (const [property, source] of Object.entries(entry.profileMapping ?? {})) {
    shaped[property] = (profile as unknown as Record<string, unknown>)[source];
  }
  if (entry.profileToUser) {
    shaped = {
      ...shaped,
      ...loadProfileToUser(entry.profileToUser)(entry.provider, profile, {}),
    };
  }
  const user: ShapedUser = {};
  for (const key of SHAPEABLE) {
    const value = shaped[key];
    if (typeof value === 'string' && value.trim()) user[key] = value.trim();
  }
  // Usernames are sign-in names: one with `@` would read as an email.
  if (user.username?.includes('@')) delete user.username;
  return user;
}

function loadProfileToUser(modulePath: string): ProfileToUser {
  const mod = require(modulePath) as Record<string, unknown> | Function;
  const fn =
    typeof mod === 'function'
      ? mod
      : (mod.profileToUser ?? mod.default ?? undefined);
  if (typeof fn !== 'function') {
    throw new Error(`${modulePath} exports no profileToUser function`);
  }
  return fn as ProfileToUser;
}

/**
 * A new user as the provider describes it; never roles or flags, and no
 * email from an application's own directory (see MappedProfile.scopedTo).
 */
export function newUserFields(entry: SignInEntry, profile: MappedProfile) {
  return {
    ...shapeNewUser(entry, profile),
    ...(profile.email && !profile.scopedTo
      ? {email: profile.email, emailVerified: profile.emailVerified === true}
      : {emailVerified: false}),
    roles: [],
    disabled: false,
  };
}
