import type {Strategy} from 'passport';
import type {ProviderEntry} from '../../../config/provider-entry';
import type {NativeTokenVerifier} from '../native/native-token';
import type {MappedProfile, PassportProfileLike} from '../profile-mappers';

/**
 * Everything this service knows about one provider vendor (Facebook,
 * GitHub, "any OpenID Connect issuer"…). Each providers.json entry gets
 * its vendor once, when the file is parsed (`ProviderEntry.vendor`), and
 * the generic flow asks the vendor instead of testing names. Adding a
 * vendor is one file in this folder plus its line in `index.ts`.
 */
export interface ProviderVendor {
  /** Short name, for people and tests; never stored. */
  readonly id: string;
  /**
   * `provider` values (lower case) that, in an entry naming no `module`,
   * load `defaultModule`: `"provider": "google"` alone is enough.
   */
  readonly providerNames: readonly string[];
  /**
   * The Passport modules (after LoopBack 3 aliases) whose entries are this
   * vendor's. The module decides, not the provider name: an entry for
   * `google` through passport-oauth2 is a plain OAuth 2.0 entry.
   */
  readonly modules: readonly string[];
  /** The module an entry naming only one of `providerNames` loads. */
  readonly defaultModule?: string;
  /** The scope of an entry that sets none. */
  readonly defaultScope: readonly string[];
  /**
   * Strategy constructor options the vendor needs; the entry's own keys
   * override them.
   */
  readonly strategyOptions: Readonly<Record<string, unknown>>;
  /** Changes the built OAuth strategy, e.g. where it reads the profile. */
  adaptStrategy?(strategy: Strategy, entry: ProviderEntry): void;
  /**
   * The strategy's profile (OpenID Connect: the claims) as this service
   * keeps it: id, email and whether the vendor asserts it is verified.
   * Throws `PROVIDER_ERROR` for a profile without an id.
   */
  mapProfile(profile: PassportProfileLike): MappedProfile;
  /**
   * How `POST /auth/{name}/token` checks a token from the vendor's SDK;
   * absent when the vendor has no native token exchange.
   */
  readonly verifyNativeToken?: NativeTokenVerifier;
}
