import {
  AuthenticationBindings,
  AuthenticationComponent,
} from '@loopback/authentication';
import {
  Application,
  Binding,
  Component,
  createBindingFromClass,
  inject,
  LifeCycleObserver,
} from '@loopback/core';
import {IdentityTokenChallengeMiddleware} from './challenge.middleware';
import {IdentityTokenStrategy} from './identity-token.strategy';
import {IdentityTokenBindings} from './keys';
import {IdentityTokenOptions, resolveOptions} from './options';
import {IdentityTokenVerifier} from './token-verifier';

/**
 * For an API of its own (not the identity service) that accepts the
 * service's access tokens: the `identity-token` strategy, its verifier and
 * the middleware that sends its challenges. Bind
 * `IdentityTokenBindings.OPTIONS` first, and mount `AuthenticationComponent`
 * (or call `registerIdentityTokenStrategy`, which does all three).
 * Options are checked at mount, so a misconfigured API does not start.
 */
export class IdentityTokenComponent implements Component, LifeCycleObserver {
  readonly bindings: Binding[];
  private readonly verifier: IdentityTokenVerifier;

  constructor(
    @inject(IdentityTokenBindings.OPTIONS) options: IdentityTokenOptions,
  ) {
    this.verifier = new IdentityTokenVerifier(resolveOptions(options));
    this.bindings = [
      Binding.bind(IdentityTokenBindings.VERIFIER).to(this.verifier),
      createBindingFromClass(IdentityTokenStrategy),
      createBindingFromClass(IdentityTokenChallengeMiddleware),
    ];
  }

  /** Releases the shared store's connection with the application. */
  async stop(): Promise<void> {
    await this.verifier.close();
  }
}

/**
 * Protects routes of `app` with `@authenticate('identity-token')`: binds the
 * options, mounts `AuthenticationComponent` unless it is mounted, and
 * mounts `IdentityTokenComponent`. Throws IdentityTokenConfigError, naming
 * the option, when the options are wrong.
 */
export function registerIdentityTokenStrategy(
  app: Application,
  options: IdentityTokenOptions,
): void {
  app.bind(IdentityTokenBindings.OPTIONS).to(options);
  if (!app.isBound(AuthenticationBindings.AUTH_ACTION)) {
    app.component(AuthenticationComponent);
  }
  app.component(IdentityTokenComponent);
}
