import {Strategy} from 'passport';
import {ProviderEntry} from '../../../config/provider-entry';
import {PassportProfileLike} from '../profile-mappers';
import {genericVendor} from './generic';
import {ProviderVendor} from './vendor';

/**
 * A plain OAuth 2.0 provider through passport-oauth2: no module of its
 * own, so the entry points the strategy at the provider's URLs, and at a
 * JSON user endpoint with `profileURL` (or `userProfileURL`).
 */
export const oauth2Vendor: ProviderVendor = {
  ...genericVendor,
  id: 'oauth2',
  modules: ['passport-oauth2'],
  adaptStrategy: useProfileURL,
};

interface OAuth2Client {
  useAuthorizationHeaderforGET(use: boolean): void;
  get(
    url: string,
    token: string,
    cb: (err: unknown, body?: string | Buffer) => void,
  ): void;
}

/**
 * passport-oauth2 alone fetches no profile. With `profileURL` in the entry,
 * the generic strategy reads one from there, so any OAuth 2.0 provider with
 * a JSON user endpoint works without a dedicated module.
 */
function useProfileURL(strategy: Strategy, entry: ProviderEntry): void {
  const url = entry.options.profileURL ?? entry.options.userProfileURL;
  if (typeof url !== 'string') return;
  const target = strategy as Strategy & {
    _oauth2: OAuth2Client;
    userProfile: (token: string, done: Function) => void;
  };
  target._oauth2.useAuthorizationHeaderforGET(true);
  target.userProfile = (token, done) =>
    target._oauth2.get(url, token, (err, body) => {
      if (err)
        return done(new Error(`Failed to fetch the profile from ${url}`));
      try {
        done(null, jsonProfile(JSON.parse(String(body))));
      } catch (parseError) {
        done(parseError);
      }
    });
}

/** The usual field names of user endpoints, as a Passport profile. */
function jsonProfile(json: Record<string, unknown>): PassportProfileLike {
  const email = json.email;
  const verified = json.email_verified ?? json.verified_email;
  return {
    id: json.id ?? json.sub,
    displayName: json.name,
    username: json.preferred_username ?? json.login ?? json.username,
    emails: email ? [{value: email, verified: verified === true}] : [],
    photos: [{value: json.picture ?? json.avatar_url}],
  };
}
