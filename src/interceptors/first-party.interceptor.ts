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
import {FirstPartyPolicyService} from '../services/tokens/first-party-policy.service';
import {CurrentUser} from '../strategies/current-user';

/** The group of the interceptor, ordered before `authorization`. */
export const FIRST_PARTY_INTERCEPTOR_GROUP = 'first-party';

const THIRD_PARTY_KEY = MetadataAccessor.create<boolean, MethodDecorator>(
  'identity:third-party-clients',
);

/**
 * Marks a route that tokens of third-party applications may call. Every
 * other authenticated route refuses them (`FIRST_PARTY_REQUIRED`), so a
 * route added later is protected without anyone remembering to.
 */
export function allowThirdPartyClients(): MethodDecorator {
  return MethodDecoratorFactory.createDecorator(THIRD_PARTY_KEY, true);
}

/** Whether a controller method carries `@allowThirdPartyClients()`. */
export function allowsThirdPartyClients(
  target: object,
  methodName: string,
): boolean {
  const proto = typeof target === 'function' ? target.prototype : target;
  return (
    MetadataInspector.getMethodMetadata<boolean>(
      THIRD_PARTY_KEY,
      proto,
      methodName,
    ) === true
  );
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
        allowsThirdPartyClients(context.target, context.methodName),
      );
    }
    return next();
  }
}
