import {
  DEFAULT_SAML_ATTRIBUTES,
  NAMEID_PERSISTENT,
} from '../../../config/saml-entry';
import {mapSamlProfile, SamlProfileLike} from '../saml-profile-mapper';
import {ProviderVendor} from './vendor';

/**
 * SAML 2.0 entries (DESIGN §10). Never found by module name: the parser of
 * SAML entries gives it to them. Their strategy is built by the enterprise
 * feature, which maps profiles with the entry's attribute names.
 */
export const SAML_VENDOR: ProviderVendor = {
  id: 'saml',
  providerNames: [],
  modules: [],
  defaultScope: [],
  strategyOptions: {},
  mapProfile: profile =>
    mapSamlProfile(profile as SamlProfileLike, {
      attributes: DEFAULT_SAML_ATTRIBUTES,
      trustEmail: false,
      identifierFormat: NAMEID_PERSISTENT,
    }),
};
