import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {ProviderEntry} from '../../../config/provider-entry';
import {ProviderBindings} from '../keys';
import {TokenBindings} from '../../tokens/keys';
import {ProviderLogin} from '../provider-login';
import {AuthorizationCodeService} from '../../tokens/authorization-code.service';
import {SessionService} from '../../tokens/session.service';
import {ProviderFlow} from './provider-flow-store';
import {ProviderSignInService} from './provider-sign-in.service';

/**
 * The flow facts a commit needs; the strategy's session and the provider
 * credentials, used up by the callback, are not among them.
 */
export type CommittableFlow = Omit<
  ProviderFlow,
  'session' | 'browserBinding' | 'providerCredentials'
>;

/** The facts of `flow` a commit needs, and nothing the strategy kept. */
export function committableFlow(flow: ProviderFlow): CommittableFlow {
  return {
    entry: flow.entry,
    mode: flow.mode,
    clientId: flow.clientId,
    clientType: flow.clientType,
    firstParty: flow.firstParty,
    redirectUri: flow.redirectUri,
    ...(flow.clientState ? {clientState: flow.clientState} : {}),
    codeChallenge: flow.codeChallenge,
    codeChallengeMethod: flow.codeChallengeMethod,
    ...(flow.linkUserId ? {linkUserId: flow.linkUserId} : {}),
    ...(flow.linkSessionId ? {linkSessionId: flow.linkSessionId} : {}),
    ...(flow.context ? {context: flow.context} : {}),
  };
}

/**
 * The last step of a browser flow, shared by the callback and the link
 * confirmation: apply the linking rules to the provider account, then
 * issue the client's one-time code.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_FLOW_COMMIT_SERVICE},
})
export class ProviderFlowCommitService {
  constructor(
    @inject(ProviderBindings.PROVIDER_SIGN_IN_SERVICE)
    private signIn: ProviderSignInService,
    @inject(TokenBindings.AUTHORIZATION_CODE_SERVICE)
    private codes: AuthorizationCodeService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
  ) {}

  /**
   * Signs in with, or links, `login` for `flow` and returns the one-time
   * code for the flow's client, bound to the challenge the flow's start
   * checked (the client rule), which is not checked again. `confirmed` marks a link the person
   * approved on the confirmation page (recorded in the audit event).
   * Throws the linking rules' AppErrors (see ProviderSignInService.signIn),
   * and `SESSION_NOT_FOUND` for a link whose starting session has ended.
   */
  async commit(
    entry: ProviderEntry,
    flow: CommittableFlow,
    login: Pick<ProviderLogin, 'profile' | 'tokens'>,
    confirmed = false,
  ): Promise<string> {
    if (flow.mode === 'link' && flow.linkUserId && flow.linkSessionId) {
      // The link is the act of the session that passed step-up: once it
      // is signed out or revoked (a stolen token found out), it links
      // nothing, however far its flow has come.
      await this.sessions.findActive(flow.linkUserId, flow.linkSessionId);
    }
    const result = await this.signIn.signIn(
      entry,
      login.profile,
      login.tokens,
      {
        mode: flow.mode,
        linkUserId: flow.linkUserId,
        applicationId: flow.clientId,
        context: flow.context,
        ...(confirmed ? {confirmed} : {}),
      },
    );
    return this.codes.issueChecked({
      userId: result.user.id,
      clientId: flow.clientId,
      redirectUri: flow.redirectUri,
      codeChallenge: flow.codeChallenge,
      codeChallengeMethod: flow.codeChallengeMethod,
      authMethod: entry.name,
      linked: result.linked,
      context: flow.context,
    });
  }
}
