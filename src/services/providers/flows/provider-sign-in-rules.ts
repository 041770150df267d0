import {ProviderEntry} from '../../../config/provider-entry';
import {AppError} from '../../../errors';
import {User, UserIdentity} from '../../../models';
import {RequestContext} from '../../../strategies/request-context';
import {MappedProfile} from '../profile-mappers';

/**
 * What the linking rules read of an entry: a providers.json OAuth or OpenID
 * Connect entry, or an enterprise one (an LDAP directory), which signs in
 * through the same rules.
 */
export type SignInEntry = Pick<
  ProviderEntry,
  'name' | 'provider' | 'login' | 'autoLinkByEmail'
> &
  Partial<
    Pick<ProviderEntry, 'profileMapping' | 'profileToUser' | 'rolesFromGroups'>
  > & {
    /** Stored on the identity: `oauth2`, `oidc`, `ldap`… */
    readonly authScheme: string;
  };

export interface ProviderSignInOptions {
  /** `login` finds or creates the user; `link` attaches to `linkUserId`. */
  mode: 'login' | 'link';
  /** The signed-in user a link attaches the identity to. */
  linkUserId?: string;
  /** The client application the flow acts for. */
  applicationId: string;
  context?: RequestContext;
  /** The person approved this link on the confirmation page. */
  confirmed?: boolean;
}

export interface ProviderSignInResult {
  user: User;
  identity: UserIdentity;
  /** A new user was created from the provider's profile. */
  created: boolean;
  /** The identity was attached to an existing user by this call. */
  linked: boolean;
}

/**
 * Throws `PROVIDER_ERROR` for a profile without an id: a missing or empty
 * id is an error, never a lookup that could match anything.
 */
export function assertProfileId(profile: MappedProfile): void {
  if (typeof profile.externalId !== 'string' || !profile.externalId.trim()) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The provider returned a profile without an id.',
    );
  }
}

/**
 * Throws `LOGIN_NOT_ALLOWED` for a login with a link-only entry; every entry
 * can be linked (`"link": true` only takes sign-in away). The
 * browser flow asks before sending anyone to the provider; `signIn` asks
 * again because the native token exchange reaches it without a flow.
 */
export function assertModeAllowed(
  entry: SignInEntry,
  mode: ProviderSignInOptions['mode'],
): void {
  if (mode === 'login' && !entry.login) {
    throw new AppError(
      'LOGIN_NOT_ALLOWED',
      `${entry.name} can only be linked to a signed-in account.`,
    );
  }
}

/**
 * Whether a first sign-in may attach to `local`, the account with the
 * profile's email. Both sides must prove the address, or whoever controls
 * a provider account claiming someone's email would take over their account.
 */
export function mayLinkByEmail(
  entry: SignInEntry,
  profile: MappedProfile,
  local: User,
): boolean {
  return (
    !!entry.autoLinkByEmail &&
    profile.emailVerified === true &&
    local.emailVerified
  );
}

export function alreadyLinked(): AppError {
  return new AppError(
    'IDENTITY_ALREADY_LINKED',
    'This third-party account is already linked to another user.',
  );
}

export function accountExists(): AppError {
  return new AppError(
    'ACCOUNT_EXISTS',
    'An account with this email already exists: sign in to it, then link this provider.',
  );
}
