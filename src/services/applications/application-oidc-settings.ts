import {DataObject} from '@loopback/repository';
import {AppError} from '../../errors';
import {
  Application,
  ApplicationType,
  DEFAULT_GRANT_TYPES,
  GRANT_TYPES,
  GrantType,
  ID_TOKEN_ALGS,
  IdTokenAlg,
  TOKEN_EXCHANGE_GRANT,
} from '../../models';
import {ResourceRepository} from '../../repositories';
import {isBuiltInClient} from '../platform/web-client';
import {checkAll, checkRedirectUri} from './application-input';

/** An application's OpenID Provider settings, as registered or changed. */
export interface OidcSettingsInput {
  grantTypes?: GrantType[];
  /** Resource scopes it may ask for; each defined by some Resource. */
  scopes?: string[];
  postLogoutRedirectUris?: string[];
  /** `null` in a change: back to the service's TOKEN_SIGNING_ALG. */
  idTokenSignedResponseAlg?: IdTokenAlg | null;
}

/** What the rules may need to look up; each is called only when needed. */
export interface OidcSettingsLookups {
  isAdmin(): Promise<boolean>;
  /** Every scope some Resource defines now. */
  definedScopes(): Promise<ReadonlySet<string>>;
}

/** The application the settings are for: as stored, or about to be registered. */
export interface OidcSettingsTarget {
  id?: string;
  type: ApplicationType;
  /** The grants it holds now (none on registration). */
  grantTypes: readonly GrantType[];
  /** The scopes it holds now (none on registration). */
  scopes: readonly string[];
}

/** Grants that authenticate the client itself: a public one has no secret. */
const CONFIDENTIAL_ONLY: readonly GrantType[] = [
  'client_credentials',
  TOKEN_EXCHANGE_GRANT,
];

/**
 * The stored form of the settings sent, checked; properties not sent are
 * left out. Throws `FORBIDDEN` (a non-admin allowing token exchange),
 * `GRANT_TYPE_NOT_ALLOWED`, `CONFLICT` (the web page's own grants),
 * `INVALID_SCOPE`, `INVALID_REDIRECT_URI` or `VALIDATION_FAILED`.
 */
export async function oidcSettings(
  target: OidcSettingsTarget,
  input: OidcSettingsInput,
  lookups: OidcSettingsLookups,
): Promise<DataObject<Application>> {
  const data: DataObject<Application> = {};
  if (input.grantTypes) {
    data.grantTypes = await checkGrantTypes(target, input.grantTypes, lookups);
  }
  if (input.scopes) {
    data.scopes = await checkScopes(target.scopes, input.scopes, lookups);
  }
  if (input.postLogoutRedirectUris) {
    data.postLogoutRedirectUris = checkAll(input.postLogoutRedirectUris, uri =>
      checkRedirectUri(uri, 'post-logout redirect URI'),
    );
  }
  const alg = input.idTokenSignedResponseAlg;
  if (alg === null) {
    // juggler drops undefined from an update; null clears on every connector.
    data.idTokenSignedResponseAlg = null as unknown as undefined;
  } else if (alg !== undefined) {
    if (!ID_TOKEN_ALGS.includes(alg)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `idTokenSignedResponseAlg must be one of ${ID_TOKEN_ALGS.join(', ')}.`,
      );
    }
    data.idTokenSignedResponseAlg = alg;
  }
  return data;
}

/** The settings `app` holds now, with the defaults of rows older than them. */
export function settingsTarget(app: Application): OidcSettingsTarget {
  return {
    id: app.id,
    type: app.type,
    grantTypes: app.grantTypes ?? DEFAULT_GRANT_TYPES,
    scopes: app.scopes ?? [],
  };
}

/** Every scope the resources define now, for checking an application's list. */
export async function definedScopes(
  resources: ResourceRepository,
): Promise<ReadonlySet<string>> {
  // Resources are few (an admin registers each API), so one read of all.
  const all = await resources.find({fields: {id: true, scopes: true}});
  return new Set(all.flatMap(resource => resource.scopes ?? []));
}

async function checkGrantTypes(
  target: OidcSettingsTarget,
  requested: readonly GrantType[],
  lookups: OidcSettingsLookups,
): Promise<GrantType[]> {
  const grants = [...new Set(requested)];
  const unknown = grants.find(grant => !GRANT_TYPES.includes(grant));
  if (unknown !== undefined || !grants.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `grantTypes: one or more of ${GRANT_TYPES.join(', ')}.`,
    );
  }
  const addsExchange =
    grants.includes(TOKEN_EXCHANGE_GRANT) &&
    !target.grantTypes.includes(TOKEN_EXCHANGE_GRANT);
  // Token exchange hands out the user's provider tokens (DESIGN §8): an
  // owner may keep or drop it, only an administrator grants it.
  if (addsExchange && !(await lookups.isAdmin())) {
    throw new AppError(
      'FORBIDDEN',
      'Only an administrator can allow token exchange.',
    );
  }
  const secretOnly = grants.find(grant => CONFIDENTIAL_ONLY.includes(grant));
  if (secretOnly && target.type === 'public') {
    throw new AppError(
      'GRANT_TYPE_NOT_ALLOWED',
      `A public application cannot use ${secretOnly}: it has no secret to authenticate with.`,
    );
  }
  if (
    grants.includes('refresh_token') &&
    !grants.includes('authorization_code')
  ) {
    throw new AppError(
      'GRANT_TYPE_NOT_ALLOWED',
      'refresh_token needs authorization_code: only a user’s sign-in issues refresh tokens.',
    );
  }
  const builtIn = target.id !== undefined && isBuiltInClient(target.id);
  if (builtIn && !grants.includes('refresh_token')) {
    throw new AppError(
      'CONFLICT',
      `The built-in application ${target.id} keeps authorization_code and refresh_token.`,
    );
  }
  return grants;
}

async function checkScopes(
  held: readonly string[],
  requested: readonly string[],
  lookups: OidcSettingsLookups,
): Promise<string[]> {
  const scopes = [...new Set(requested)];
  // A scope kept from before passes even if its resource has dropped it
  // since: it grants nothing (grants read the resources), and an owner
  // sending back the list they read must not be refused for it.
  const added = scopes.filter(scope => !held.includes(scope));
  if (!added.length) return scopes;
  const defined = await lookups.definedScopes();
  const missing = added.find(scope => !defined.has(scope));
  if (missing !== undefined) {
    throw new AppError(
      'INVALID_SCOPE',
      `scope ${JSON.stringify(missing.slice(0, 80))}: no resource defines it (the OpenID Connect scopes are not listed here)`,
    );
  }
  return scopes;
}
