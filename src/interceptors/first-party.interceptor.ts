import {
  BindingScope,
  asGlobalInterceptor,
  inject,
  injectable,
  Interceptor,
  InvocationContext,
  MetadataAccessor,
  MetadataInspector,
  MethodDecoratorFactory,
  Next,
  Provider,
} from '@loopback/core';
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../keys';
import {
  FirstPartyPolicyService,
  ThirdPartyAccess,
} from '../services/tokens/first-party-policy.service';
import {CurrentUser} from '../strategies/current-user';

/** The group of the interceptor, ordered before `authorization`. */
export const FIRST_PARTY_INTERCEPTOR_GROUP = 'first-party';

const THIRD_PARTY_KEY = MetadataAccessor.create<
  ThirdPartyAccess,
  MethodDecorator
>('identity:third-party-clients');

/**
 * Marks a route that tokens of third-party applications may call; a token
 * with a scope claim (from the authorization endpoint) must hold `scopes`
 * too. Every other authenticated route needs the `account` scope, which
 * only first-party applications hold (`FIRST_PARTY_REQUIRED`), so a route
 * added later is protected without anyone remembering to.
 */
export function allowThirdPartyClients(
  options: {scopes?: readonly string[]} = {},
): MethodDecorator {
  return MethodDecoratorFactory.createDecorator(THIRD_PARTY_KEY, {
    scopes: [...(options.scopes ?? [])],
  });
}

/** What `@allowThirdPartyClients()` lets third-party tokens do on a method. */
export function thirdPartyAccess(
  target: object,
  methodName: string,
): ThirdPartyAccess | undefined {
  const proto = typeof target === 'function' ? target.prototype : target;
  return MetadataInspector.getMethodMetadata<ThirdPartyAccess>(
    THIRD_PARTY_KEY,
    proto,
    methodName,
  );
}

/** Whether a controller method carries `@allowThirdPartyClients()`. */
export function allowsThirdPartyClients(
  target: object,
  methodName: string,
): boolean {
  return thirdPartyAccess(target, methodName) !== undefined;
}

/**
 * Default deny for third-party tokens: runs on every controller method an
 * authentication strategy let through (those are the methods with a
 * current user), before role checks, and lets a bearer token of a
 * third-party application pass only where the route allows it.
 */
@injectable(asGlobalInterceptor(FIRST_PARTY_INTERCEPTOR_GROUP), {
  scope: BindingScope.SINGLETON,
})
export class FirstPartyInterceptor implements Provider<Interceptor> {
  constructor(
    @inject(IdentityBindings.FIRST_PARTY_POLICY_SERVICE)
    private policy: FirstPartyPolicyService,
  ) {}

  value(): Interceptor {
    return (context, next) => this.intercept(context, next);
  }

  private async intercept(context: InvocationContext, next: Next) {
    const caller = await context.get<CurrentUser | undefined>(
      SecurityBindings.USER,
      {optional: true},
    );
    if (caller) {
      await this.policy.check(
        caller,
        thirdPartyAccess(context.target, context.methodName),
      );
    }
    return next();
  }
}
