import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {ProviderEntry} from '../../../config/provider-entry';
import {AppError} from '../../../errors';
import {PlatformBindings, SharedBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {User} from '../../../models';
import {UserRepository} from '../../../repositories';
import {MappedProfile} from '../profile-mappers';
import {ProviderLogin} from '../provider-login';
import {AuditService} from '../../platform/audit.service';
import {Logger} from '../../platform/logger';
import {PendingLinkStore} from './pending-link-store';
import {
  CommittableFlow,
  committableFlow,
  ProviderFlowCommitService,
} from '../flows/provider-flow-commit.service';
import {ProviderFlow} from '../flows/provider-flow-store';
import {flowErrorParams, redirectTo} from '../flows/provider-flow-redirect';

/** What the confirmation page shows; plain text, escaped when rendered. */
export interface LinkConfirmationPrompt {
  /** One-time, for the page's hidden field. */
  confirmToken: string;
  /** The entry's displayName, e.g. `Facebook` (people never see entry names). */
  provider: string;
  /** The provider account: its display name and/or email. */
  providerAccount: string;
  /** The account it would be linked to, email masked (`a•••@example.com`). */
  targetAccount: string;
  /** Where the answer redirects to, which the page's CSP must allow. */
  redirectOrigin: string;
}

export type LinkDecision = 'link' | 'cancel';

/**
 * The fallback of a link flow whose callback did not come from the browser
 * that started it: anyone can start a link on their own account and send
 * the provider URL to someone else, so the identity is attached only after
 * the person at the provider confirms which account gets it.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.LINK_CONFIRMATION_SERVICE},
})
export class LinkConfirmationService {
  constructor(
    @inject(ProviderBindings.PENDING_LINK_STORE)
    private pending: PendingLinkStore,
    @inject(ProviderBindings.PROVIDER_FLOW_COMMIT_SERVICE)
    private committer: ProviderFlowCommitService,
    @inject(SharedBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
    @repository(UserRepository) private users: UserRepository,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
  ) {}

  /**
   * Parks the link `login` would make for `flow` (5 minutes, single use)
   * and returns what the confirmation page shows. Throws
   * `ACCOUNT_DISABLED` when the target account is gone or disabled.
   */
  async park(
    entry: ProviderEntry,
    flow: ProviderFlow,
    login: Pick<ProviderLogin, 'profile' | 'tokens'>,
  ): Promise<LinkConfirmationPrompt> {
    const user = flow.linkUserId
      ? await this.users.findOne({where: {id: flow.linkUserId}})
      : null;
    if (!user || user.disabled) {
      throw new AppError(
        'ACCOUNT_DISABLED',
        'This account no longer exists or is disabled.',
      );
    }
    const confirmToken = await this.pending.save({
      entry: entry.name,
      flow: committableFlow(flow),
      profile: login.profile,
      tokens: login.tokens,
    });
    return {
      confirmToken,
      provider: entry.displayName,
      providerAccount: accountLabel(login.profile),
      targetAccount: targetLabel(user),
      redirectOrigin: new URL(flow.redirectUri).origin,
    };
  }

  /**
   * Applies the person's answer to the pending link of `confirmToken` and
   * returns where to send the browser: the flow's redirect URI with `code`
   * (linked, by the same rules as a direct link) or with `error`
   * (`access_denied` when declined, or the linking rule that refused).
   * Throws `INVALID_STATE` for an unknown, used or expired token.
   */
  async decide(confirmToken: string, decision: LinkDecision): Promise<string> {
    const pending = await this.pending.take(confirmToken);
    const entry = pending
      ? this.providers.find(p => p.name === pending.entry)
      : undefined;
    if (!pending || !entry) {
      throw new AppError(
        'INVALID_STATE',
        'This link confirmation is unknown, used or expired. Start again.',
      );
    }
    if (decision === 'cancel') {
      await this.declined(entry, pending.flow);
      return redirectTo(pending.flow, {
        error: 'access_denied',
        error_description: 'The link was declined.',
      });
    }
    try {
      const code = await this.committer.commit(
        entry,
        pending.flow,
        pending,
        true,
      );
      return redirectTo(pending.flow, {code});
    } catch (err) {
      return redirectTo(pending.flow, flowErrorParams(entry, err, this.logger));
    }
  }

  private async declined(
    entry: ProviderEntry,
    flow: CommittableFlow,
  ): Promise<void> {
    await this.audit.record('identity.link_refused', {
      userId: flow.linkUserId,
      applicationId: flow.clientId,
      context: flow.context,
      details: {
        provider: entry.provider,
        entry: entry.name,
        reason: 'declined',
      },
    });
  }
}

function accountLabel(profile: MappedProfile): string {
  if (profile.name && profile.email)
    return `${profile.name} (${profile.email})`;
  return profile.name ?? profile.email ?? `with id ${profile.externalId}`;
}

/**
 * Enough of the target account for its owner to recognise it, and for
 * someone else to see it is not theirs, without disclosing the address.
 */
function targetLabel(user: User): string {
  if (!user.email) return 'an account without an email address';
  return maskEmail(user.email);
}

/** `ada@example.com` → `a•••@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email.charAt(0)}•••${email.slice(at)}`;
}
