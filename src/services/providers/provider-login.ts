import {Request} from '@loopback/rest';
import {AuthScheme, ProviderEntry} from '../../config/provider-entry';
import {MappedProfile} from './profile-mappers';

/** Tokens a provider handed over; kept encrypted in a UserCredential. */
export interface ProviderTokens {
  readonly accessToken?: string;
  readonly refreshToken?: string;
  /** oAuth 1.0a's access token secret. */
  readonly tokenSecret?: string;
  readonly idToken?: string;
  /** Milliseconds since the epoch, when the provider said. */
  readonly expiresAt?: number;
  readonly scope?: string;
}

/** What a finished provider flow yields, whatever the strategy. */
export interface ProviderLogin {
  /** The providers.json entry's name. */
  readonly entry: string;
  readonly provider: string;
  readonly authScheme: AuthScheme;
  readonly profile: MappedProfile;
  readonly tokens: ProviderTokens;
}

/** The ProviderLogin of `entry`'s strategy, once it has a profile and tokens. */
export function providerLogin(
  entry: ProviderEntry,
  profile: MappedProfile,
  tokens: ProviderTokens,
): ProviderLogin {
  return {
    entry: entry.name,
    provider: entry.provider,
    authScheme: entry.authScheme,
    profile,
    tokens,
  };
}

/**
 * The caller's verify step: turns a provider login into the user Passport
 * hands to `success()`, or false to fail the request. The default passes
 * the login through, so linking rules can run after the strategy.
 */
export type ProviderVerify = (
  req: Request,
  login: ProviderLogin,
) => Promise<object | false> | object | false;

export const passLoginThrough: ProviderVerify = (_req, login) => login;

/** Passport's `done`. */
export type VerifyDone = (err: unknown, user?: object | false) => void;

/** Runs `verify` and reports to Passport, errors included. */
export function finishVerify(
  req: Request,
  login: () => ProviderLogin | Promise<ProviderLogin>,
  verify: ProviderVerify,
  done: VerifyDone,
): void {
  Promise.resolve()
    .then(async () => verify(req, await login()))
    .then(
      user => done(null, user),
      err => done(err),
    );
}

/** `expires_in` seconds from now, as an epoch time. */
export function expiresAt(expiresIn: unknown, now: number): number | undefined {
  const seconds = Number(expiresIn);
  return Number.isFinite(seconds) && seconds > 0
    ? now + seconds * 1000
    : undefined;
}
