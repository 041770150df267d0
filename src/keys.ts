import {AbuseBindings} from './services/abuse/keys';
import {AccountBindings} from './services/accounts/keys';
import {ApplicationBindings} from './services/applications/keys';
import {EnterpriseBindings} from './services/enterprise/keys';
import {MailBindings} from './services/mail/keys';
import {MfaBindings} from './services/mfa/keys';
import {OidcBindings} from './services/oidc/keys';
import {OidcAuthorizeBindings} from './services/oidc/authorize-keys';
import {PlatformBindings, SharedBindings} from './services/platform/keys';
import {ProviderBindings} from './services/providers/keys';
import {StoreBindings} from './services/store/keys';
import {TokenBindings} from './services/tokens/keys';

export {
  AbuseBindings,
  AccountBindings,
  ApplicationBindings,
  EnterpriseBindings,
  MailBindings,
  MfaBindings,
  OidcBindings,
  OidcAuthorizeBindings,
  PlatformBindings,
  ProviderBindings,
  SharedBindings,
  StoreBindings,
  TokenBindings,
};

/**
 * Every binding key of the identity service, typed, as one namespace: the
 * shared keys and each feature's own (`services/<feature>/keys.ts`). The
 * feature key files import types only (the classes name their key in their
 * `@injectable` key tag, so loading a class from there would be a cycle),
 * and no two features name the same key.
 */
export const IdentityBindings = Object.freeze({
  ...SharedBindings,
  ...PlatformBindings,
  ...StoreBindings,
  ...MailBindings,
  ...AbuseBindings,
  ...TokenBindings,
  ...AccountBindings,
  ...MfaBindings,
  ...ApplicationBindings,
  ...ProviderBindings,
  ...EnterpriseBindings,
  ...OidcBindings,
  ...OidcAuthorizeBindings,
});
