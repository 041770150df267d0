import {User} from '../../models';

/**
 * The scopes the authorization endpoint grants (OpenID Connect Core §5.4,
 * §11). Resource servers' own scopes join this list when they exist.
 */
export const OIDC_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
] as const;

/** The claims each scope releases, in the ID token and at userinfo. */
export const SCOPE_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  profile: ['name', 'preferred_username', 'updated_at'],
  email: ['email', 'email_verified'],
};

/** Every claim the service may put in an ID token or a userinfo answer. */
export const CLAIMS_SUPPORTED = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'at_hash',
  'sid',
  'amr',
  'acr',
  ...Object.values(SCOPE_CLAIMS).flat(),
];

/** Whether the authorization endpoint knows `scope`. */
export function isKnownScope(scope: string): boolean {
  return (OIDC_SCOPES as readonly string[]).includes(scope);
}

/**
 * The claims `scopes` release about `user`: profile → name,
 * preferred_username, updated_at; email → email, email_verified. A value
 * the account does not have is left out, never invented.
 */
export function userClaims(
  user: User,
  scopes: readonly string[],
): Record<string, string | number | boolean> {
  const claims: Record<string, string | number | boolean> = {};
  if (scopes.includes('profile')) {
    if (user.name) claims.name = user.name;
    if (user.username) claims.preferred_username = user.username;
    const updated = user.modified ?? user.created;
    if (updated)
      claims.updated_at = Math.floor(new Date(updated).getTime() / 1000);
  }
  if (scopes.includes('email') && user.email) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified === true;
  }
  return claims;
}
