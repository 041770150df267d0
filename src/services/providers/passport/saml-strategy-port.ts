import type {Strategy} from 'passport';
import type {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import type {ProviderVerify} from '../provider-login';

/**
 * What the strategy factory needs to run a SAML 2.0 entry; served by the
 * enterprise feature (ProviderBindings.SAML_STRATEGY_BUILDER), which sits
 * above this one. The strategy takes the flow's handle as RelayState and
 * hands a ProviderLogin to `verify`, like every other strategy here.
 */
export interface SamlStrategyBuilder {
  build(
    entry: ProviderEntry,
    credentials: ProviderCredentials,
    verify: ProviderVerify,
  ): Strategy;
  /** This service's SP metadata for `entry` (GET /auth/{name}/metadata). */
  metadata(entry: ProviderEntry): string;
}
