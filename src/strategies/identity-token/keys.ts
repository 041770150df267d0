import {BindingKey} from '@loopback/core';
import type {IdentityTokenOptions} from './options';
import type {IdentityTokenVerifier} from './token-verifier';

/** The name to give `@authenticate`. */
export const IDENTITY_TOKEN_STRATEGY = 'identity-token';

/** Bindings of an API protected by the identity-token strategy. */
export namespace IdentityTokenBindings {
  /** Bind before mounting `IdentityTokenComponent`. */
  export const OPTIONS = BindingKey.create<IdentityTokenOptions>(
    'identityToken.options',
  );
  /** The application's one verifier: key set, caches, store connection. */
  export const VERIFIER = BindingKey.create<IdentityTokenVerifier>(
    'identityToken.verifier',
  );
}
