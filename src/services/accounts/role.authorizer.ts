import {
  AuthorizationContext,
  AuthorizationDecision,
  AuthorizationMetadata,
  Authorizer,
} from '@loopback/authorization';
import {Provider} from '@loopback/core';
import {repository} from '@loopback/repository';
import {securityId} from '@loopback/security';
import {UserRepository} from '../../repositories';

/** The role that may administer accounts. */
export const ADMIN_ROLE = 'admin';

/**
 * Allows a caller whose roles include one of the route's `allowedRoles`,
 * and abstains otherwise (the default decision is to deny). Roles are read
 * from the database on every request, not from the token: a role removed
 * or an account disabled takes effect on the very next request.
 */
export class RoleAuthorizerProvider implements Provider<Authorizer> {
  constructor(@repository(UserRepository) private users: UserRepository) {}

  value(): Authorizer {
    return (context, metadata) => this.authorize(context, metadata);
  }

  private async authorize(
    context: AuthorizationContext,
    metadata: AuthorizationMetadata,
  ): Promise<AuthorizationDecision> {
    const allowed = metadata.allowedRoles ?? [];
    const callerId = callerOf(context);
    if (!allowed.length || !callerId) return AuthorizationDecision.ABSTAIN;
    const user = await this.users.findOne({where: {id: callerId}});
    if (!user || user.disabled) return AuthorizationDecision.ABSTAIN;
    return (user.roles ?? []).some(role => allowed.includes(role))
      ? AuthorizationDecision.ALLOW
      : AuthorizationDecision.ABSTAIN;
  }
}

/**
 * A voter for routes about one user whose id is the method's first
 * argument (`/users/{id}/…`): allows that user themself.
 */
export const allowSelf: Authorizer = async context => {
  const callerId = callerOf(context);
  const targetId = context.invocationContext.args[0];
  return callerId && callerId === targetId
    ? AuthorizationDecision.ALLOW
    : AuthorizationDecision.ABSTAIN;
};

function callerOf(context: AuthorizationContext): string | undefined {
  const principal = context.principals[0];
  const id: unknown = principal?.[securityId];
  return typeof id === 'string' ? id : undefined;
}
