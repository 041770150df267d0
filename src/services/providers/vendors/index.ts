import {facebookVendor} from './facebook';
import {genericVendor} from './generic';
import {githubVendor} from './github';
import {googleVendor} from './google';
import {oauth2Vendor} from './oauth2';
import {oidcVendor} from './oidc';
import {SAML_VENDOR} from './saml';
import {ProviderVendor} from './vendor';

export * from './vendor';
export {genericVendor};

/**
 * The vendors this service knows, one file each. An entry no vendor
 * recognises is `genericVendor`'s.
 */
export const PROVIDER_VENDORS: readonly ProviderVendor[] = [
  facebookVendor,
  googleVendor,
  githubVendor,
  oidcVendor,
  oauth2Vendor,
  // Claims no module: SAML entries get it from their own parser.
  SAML_VENDOR,
];

/** The module an entry naming only `provider` loads, if a vendor has one. */
export function defaultModuleOf(
  provider: string,
  vendors: readonly ProviderVendor[] = PROVIDER_VENDORS,
): string | undefined {
  const name = provider.toLowerCase();
  return vendors.find(v => v.providerNames.includes(name))?.defaultModule;
}

/**
 * The vendor of an entry loading `module` (the resolved module, after
 * LoopBack 3 aliases); `genericVendor` when none recognises it.
 */
export function vendorOfModule(
  module: string,
  vendors: readonly ProviderVendor[] = PROVIDER_VENDORS,
): ProviderVendor {
  return vendors.find(v => v.modules.includes(module)) ?? genericVendor;
}
