import {BindingKey} from '@loopback/core';
import type {LinkConfirmationService} from './linking/link-confirmation.service';
import type {LinkedAccountsService} from './linking/linked-accounts.service';
import type {ModuleLoader} from './passport/oidc-strategy-builder';
import type {NativeTokenExchangeService} from './native/native-token-exchange.service';
import type {NativeTokenVerifierService} from './native/native-token-verifier.service';
import type {PassportStrategyFactory} from './passport/passport-strategy-factory';
import type {PendingLinkStore} from './linking/pending-link-store';
import type {ProviderAccountWriter} from './flows/provider-account-writer';
import type {ProviderCredentialsService} from './provider-credentials.service';
import type {ProviderFlowCommitService} from './flows/provider-flow-commit.service';
import type {ProviderFlowService} from './flows/provider-flow.service';
import type {ProviderFlowStore} from './flows/provider-flow-store';
import type {ProviderSignInService} from './flows/provider-sign-in.service';
import type {ProviderStrategyRunner} from './passport/provider-strategy-runner';
import type {ProviderTokenExchangeService} from './provider-token-exchange.service';
import type {ProviderTokenService} from './provider-token.service';
import type {SamlStrategyBuilder} from './passport/saml-strategy-port';
import type {DirectoryRoles} from './flows/directory-roles-port';

// Types only: the classes name these keys in their key tags.

/** The binding keys of third-party providers: flows, linking, native token exchange; also in IdentityBindings. */
export namespace ProviderBindings {
  /** Builds (and caches) the Passport strategy of an entry. */
  export const PROVIDER_STRATEGY_FACTORY =
    BindingKey.create<PassportStrategyFactory>(
      'identity.providers.strategy-factory',
    );
  /** Loads Passport modules by name; replaced in tests. */
  export const PASSPORT_MODULE_LOADER = BindingKey.create<ModuleLoader>(
    'identity.providers.module-loader',
  );
  /** rolesFromGroups at each directory sign-in; served by the enterprise feature. */
  export const DIRECTORY_ROLES = BindingKey.create<DirectoryRoles>(
    'identity.services.directory-roles',
  );
  /** Builds SAML 2.0 strategies; served by the enterprise feature. */
  export const SAML_STRATEGY_BUILDER = BindingKey.create<SamlStrategyBuilder>(
    'identity.providers.saml-strategy-builder',
  );
  /** passport-oauth2's `store` (OAuth state without sessions), when bound. */
  export const OAUTH2_STATE_STORE = BindingKey.create<object>(
    'identity.providers.oauth2-state-store',
  );
  export const PROVIDER_CREDENTIALS_SERVICE =
    BindingKey.create<ProviderCredentialsService>(
      'identity.services.provider-credentials',
    );
  /** The linking rules: sign in or link with a provider account. */
  export const PROVIDER_SIGN_IN_SERVICE =
    BindingKey.create<ProviderSignInService>(
      'identity.services.provider-sign-in',
    );
  /** Stores identities and their sealed tokens. */
  export const PROVIDER_ACCOUNT_WRITER =
    BindingKey.create<ProviderAccountWriter>(
      'identity.services.provider-account-writer',
    );
  /** Browser flows: start (checks the client), finish (code redirect). */
  export const PROVIDER_FLOW_SERVICE = BindingKey.create<ProviderFlowService>(
    'identity.services.provider-flows',
  );
  /** Pending flows in the store, keyed by the state the provider sees. */
  export const PROVIDER_FLOW_STORE = BindingKey.create<ProviderFlowStore>(
    'identity.services.provider-flow-store',
  );
  /** Runs a strategy leg through StrategyAdapter. */
  export const PROVIDER_STRATEGY_RUNNER =
    BindingKey.create<ProviderStrategyRunner>(
      'identity.providers.strategy-runner',
    );
  /** Own identities and credentials: list, unlink. */
  export const LINKED_ACCOUNTS_SERVICE =
    BindingKey.create<LinkedAccountsService>(
      'identity.services.linked-accounts',
    );
  /** A linked account's provider access token, refreshed when expired. */
  export const PROVIDER_TOKEN_SERVICE = BindingKey.create<ProviderTokenService>(
    'identity.services.provider-tokens',
  );
  /**
   * RFC 8693: a linked account's provider token for a confidential
   * application; also serves TokenBindings.TOKEN_EXCHANGE_GRANT.
   */
  export const PROVIDER_TOKEN_EXCHANGE_SERVICE =
    BindingKey.create<ProviderTokenExchangeService>(
      'identity.services.provider-token-exchange',
    );
  /** Checks a provider SDK's token with the provider, for one application. */
  export const NATIVE_TOKEN_VERIFIER =
    BindingKey.create<NativeTokenVerifierService>(
      'identity.services.native-token-verifier',
    );
  /** Verify, sign in by the linking rules, open a session. */
  export const NATIVE_TOKEN_EXCHANGE_SERVICE =
    BindingKey.create<NativeTokenExchangeService>(
      'identity.services.native-token-exchange',
    );
  /** Linking rules + one-time code: the last step of every browser flow. */
  export const PROVIDER_FLOW_COMMIT_SERVICE =
    BindingKey.create<ProviderFlowCommitService>(
      'identity.services.provider-flow-commit',
    );
  /** Links waiting for the person's confirmation, sealed, single use. */
  export const PENDING_LINK_STORE = BindingKey.create<PendingLinkStore>(
    'identity.services.pending-link-store',
  );
  /** Parks an unbound link and applies the person's answer. */
  export const LINK_CONFIRMATION_SERVICE =
    BindingKey.create<LinkConfirmationService>(
      'identity.services.link-confirmation',
    );
}
