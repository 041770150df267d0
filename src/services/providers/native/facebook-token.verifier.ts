import {createHmac} from 'node:crypto';
import {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {PassportProfileLike} from '../profile-mappers';
import {ProviderTokens} from '../provider-login';
import {getProviderJson} from './provider-http';
import {invalidProviderToken, providerUnavailable} from './native-token';

const DEFAULT_GRAPH_API_URL = 'https://graph.facebook.com/v19.0';

/** Where an entry's Graph API lives; each URL can be overridden. */
export interface FacebookEndpoints {
  debugToken: URL;
  profile: URL;
}

/**
 * The entry's `debugTokenURL` and `profileURL`, else `graphApiURL` plus the
 * path, else Facebook's. A `profileURL` alone (as passport-facebook entries
 * have) also places debug_token beside it, so one override moves both.
 */
export function facebookEndpoints(entry: ProviderEntry): FacebookEndpoints {
  const option = (key: string) =>
    typeof entry.options[key] === 'string'
      ? (entry.options[key] as string)
      : undefined;
  const graph = (option('graphApiURL') ?? DEFAULT_GRAPH_API_URL).replace(
    /\/+$/,
    '',
  );
  const profileURL = option('profileURL');
  const profile = new URL(profileURL ?? `${graph}/me`);
  const explicit = option('debugTokenURL');
  // Beside the profile only when the profile URL is all the entry moved.
  const besideProfile = profileURL !== undefined && !option('graphApiURL');
  const debugToken = explicit
    ? new URL(explicit)
    : besideProfile
      ? new URL('debug_token', profile)
      : new URL(`${graph}/debug_token`);
  return {debugToken, profile};
}

/** A checked Facebook token: its user's profile, as passport-facebook shapes it. */
export interface FacebookTokenUser {
  readonly profile: PassportProfileLike;
  readonly tokens: ProviderTokens;
}

/**
 * Checks a Facebook user access token the way Facebook asks servers to:
 * `debug_token` with the app's own token proves it was issued to THIS app
 * (any app's token would otherwise open /me), then `/me` reads the profile,
 * signed with `appsecret_proof`.
 */
export async function verifyFacebookToken(
  entry: ProviderEntry,
  credentials: ProviderCredentials,
  accessToken: string,
  now: number,
): Promise<FacebookTokenUser> {
  const urls = facebookEndpoints(entry);
  const data = await inspectToken(urls.debugToken, credentials, accessToken);
  if (data.is_valid !== true) throw invalidProviderToken('it is not valid');
  if (String(data.app_id) !== credentials.clientID) {
    throw invalidProviderToken('it was issued to another app');
  }
  if (data.type !== undefined && data.type !== 'USER') {
    throw invalidProviderToken('it is not a user access token');
  }
  const expiresAt = Number(data.expires_at) * 1000;
  // 0 means a long-lived token that does not expire.
  if (expiresAt > 0 && expiresAt <= now) {
    throw invalidProviderToken('it has expired');
  }

  const me = await readProfile(urls.profile, credentials, accessToken);
  if (data.user_id !== undefined && String(data.user_id) !== String(me.id)) {
    throw invalidProviderToken('it names another user than its profile');
  }
  const picture = (me.picture as {data?: {url?: unknown}} | undefined)?.data;
  return {
    profile: {
      id: me.id,
      displayName: me.name,
      emails: typeof me.email === 'string' ? [{value: me.email}] : [],
      photos: picture ? [{value: picture.url}] : [],
    },
    tokens: {accessToken, ...(expiresAt > 0 ? {expiresAt} : {})},
  };
}

async function inspectToken(
  url: URL,
  credentials: ProviderCredentials,
  accessToken: string,
): Promise<Record<string, unknown>> {
  const target = new URL(url);
  target.searchParams.set('input_token', accessToken);
  target.searchParams.set(
    'access_token',
    `${credentials.clientID}|${credentials.clientSecret}`,
  );
  const reply = await getProviderJson(target, 'check the token');
  // debug_token answers 200 for any input token, valid or not; a 4xx means
  // Facebook refused this service's app credentials.
  const data = reply.body.data;
  if (reply.status !== 200 || !data || typeof data !== 'object') {
    throw providerUnavailable('check the token with these app credentials');
  }
  return data as Record<string, unknown>;
}

async function readProfile(
  url: URL,
  credentials: ProviderCredentials,
  accessToken: string,
): Promise<Record<string, unknown>> {
  const target = new URL(url);
  target.searchParams.set('fields', 'id,name,email,picture');
  target.searchParams.set(
    'appsecret_proof',
    createHmac('sha256', credentials.clientSecret)
      .update(accessToken)
      .digest('hex'),
  );
  const reply = await getProviderJson(target, 'read the profile', {
    authorization: `Bearer ${accessToken}`,
  });
  if (reply.status !== 200) {
    throw invalidProviderToken('the provider refused it');
  }
  return reply.body;
}
