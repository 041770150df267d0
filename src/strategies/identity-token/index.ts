export * from './challenge.middleware';
export * from './identity-token.component';
export * from './identity-token.strategy';
export {IDENTITY_TOKEN_STRATEGY, IdentityTokenBindings} from './keys';
export {
  IdentityTokenConfigError,
  IdentityTokenOptions,
  RevocationOption,
} from './options';
export {IdentityTokenVerifier, VerifiedAccessToken} from './token-verifier';
