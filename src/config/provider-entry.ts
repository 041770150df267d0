import type {ProviderVendor} from '../services/providers/vendors/vendor';
import type {SamlIdp, SamlSettings} from './saml-entry';

/** How a provider authenticates, normalised from LoopBack 3's spellings. */
export type AuthScheme = 'oauth2' | 'oauth1' | 'oidc' | 'saml';

/**
 * The credentials a strategy runs with: the entry's own, or a client
 * application's (issue 5). For oAuth 1.0a, `clientID`/`clientSecret` hold the
 * consumer key and secret.
 */
export interface ProviderCredentials {
  readonly clientID: string;
  readonly clientSecret: string;
  readonly callbackURL: string;
  /** A SAML entry's identity provider, when an application brings its own. */
  readonly saml?: SamlIdp;
  /**
   * The client application that brought these (absent for the entry's
   * own). When they name a directory (`saml`), it is trusted for that
   * application only: its identities are kept apart, its emails never
   * count as verified and its groups never grant roles. OAuth keys an
   * application brings change no trust: the provider is the entry's.
   */
  readonly applicationId?: string;
}

/** One validated, frozen entry of providers.json. */
export interface ProviderEntry {
  /** The entry's key in providers.json, e.g. `google-login`. */
  readonly name: string;
  /** The identity provider, e.g. `google`; stored on UserIdentity. */
  readonly provider: string;
  /** What people see ("Continue with …"); default: `provider` capitalised. */
  readonly displayName: string;
  /** The Passport module actually loaded (after LoopBack 3 aliases). */
  readonly module: string;
  /**
   * What the service knows of the provider behind `module` (profile shape,
   * strategy options, native tokens), resolved once when the file is parsed.
   */
  readonly vendor: ProviderVendor;
  /** The module's export holding the strategy class. */
  readonly strategy: string;
  readonly authScheme: AuthScheme;
  readonly credentials: ProviderCredentials;
  /** OpenID Connect issuer URL, discovered at first use. */
  readonly issuer?: string;
  readonly authPath: string;
  readonly callbackPath: string;
  /**
   * False for LoopBack 3's link-only entries (`"link": true`). Every entry
   * can be linked to a signed-in account; `"link"` only takes sign-in away.
   */
  readonly login: boolean;
  readonly scope: readonly string[];
  /** PKCE between this service and the provider. */
  readonly pkce: boolean;
  readonly autoLinkByEmail: boolean;
  /** Whether native apps may exchange the provider's tokens. */
  readonly tokenExchange: boolean;
  readonly successRedirect?: string;
  readonly failureRedirect?: string;
  /** Extra parameters for the authorization request (LoopBack 3). */
  readonly authOptions: Readonly<Record<string, unknown>>;
  /** LoopBack 3: user property → profile path, for new users. */
  readonly profileMapping?: Readonly<Record<string, string>>;
  /** LoopBack 3: absolute path of a module exporting `profileToUser`. */
  readonly profileToUser?: string;
  /** Every other key, passed unchanged to the strategy's constructor. */
  readonly options: Readonly<Record<string, unknown>>;
  /** SAML 2.0 entries (authScheme `saml`): the IdP, this service's side, the checks. */
  readonly saml?: SamlSettings;
  /** Directory entries (SAML): group → role, applied at each sign-in. */
  readonly rolesFromGroups?: Readonly<Record<string, string>>;
  /** Directory entries (SAML): whether the IdP's email counts as verified. */
  readonly trustEmail?: boolean;
}

/** Keys of an entry that this service interprets; the rest pass through. */
export const KNOWN_KEYS = new Set([
  'provider',
  'displayName',
  'module',
  'strategy',
  'authScheme',
  'clientID',
  'clientSecret',
  'consumerKey',
  'consumerSecret',
  'callbackURL',
  'issuer',
  'authPath',
  'callbackPath',
  'successRedirect',
  'failureRedirect',
  'link',
  'scope',
  'pkce',
  'autoLinkByEmail',
  'tokenExchange',
  'authOptions',
  'profileMapping',
  'profileToUser',
  'enabled',
]);

/**
 * LoopBack 3 keys for server sessions, flash messages and login forms. This
 * service has none of those, so they are accepted and dropped rather than
 * handed to a strategy that would not understand them either.
 */
export const IGNORED_LB3_KEYS = new Set([
  'failureFlash',
  'successFlash',
  'failureMessage',
  'successMessage',
  'session',
  'json',
  'setAccessToken',
  'successReturnToOrRedirect',
  'failureQueryString',
  'usernameField',
  'passwordField',
  'customCallback',
]);
