import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {ProviderEntry} from '../../../config/provider-entry';
import {AppError, OAuthError} from '../../../errors';
import {SharedBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {TokenBindings} from '../../tokens/keys';
import {WEB_CLIENT_ID} from '../../platform/web-client';
import {RequestContext} from '../../../strategies/request-context';
import {ClientAuthenticator} from '../../tokens/client-authenticator.service';
import {NativeTokenInput} from './native-token';
import {NativeTokenVerifierService} from './native-token-verifier.service';
import {ProviderSignInService} from '../flows/provider-sign-in.service';
import {SessionService, TokenResponse} from '../../tokens/session.service';

/** A native app's exchange request, as the endpoint received it. */
export interface NativeExchangeRequest extends NativeTokenInput {
  /** The client application; the first-party `web` when absent. */
  readonly clientId?: string;
}

/**
 * Native apps' sign-in: the provider SDK's token is verified for the
 * calling application, the linking rules find or create the user, and a
 * session is opened for that application — the same outcome as the browser
 * flow's code exchange, without a redirect.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.NATIVE_TOKEN_EXCHANGE_SERVICE},
})
export class NativeTokenExchangeService {
  constructor(
    @inject(SharedBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
    @inject(TokenBindings.CLIENT_AUTHENTICATOR)
    private clients: ClientAuthenticator,
    @inject(ProviderBindings.NATIVE_TOKEN_VERIFIER)
    private verifier: NativeTokenVerifierService,
    @inject(ProviderBindings.PROVIDER_SIGN_IN_SERVICE)
    private signIns: ProviderSignInService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
  ) {}

  /**
   * Exchanges a provider token for this service's token response. Throws
   * `NOT_FOUND` for an unknown entry, `INVALID_CLIENT` for an unknown,
   * disabled or confidential client, and whatever the verifier
   * (`TOKEN_EXCHANGE_NOT_ENABLED`, `INVALID_PROVIDER_TOKEN`,
   * `PROVIDER_ERROR`) or the linking rules (`ACCOUNT_EXISTS`,
   * `LOGIN_NOT_ALLOWED`, `ACCOUNT_DISABLED`…) refuse.
   */
  async exchange(
    name: string,
    request: NativeExchangeRequest,
    context: RequestContext,
  ): Promise<TokenResponse> {
    const entry = this.providers.find(p => p.name === name);
    if (!entry) {
      throw new AppError('NOT_FOUND', `No provider is named "${name}".`);
    }
    const clientId = await this.publicClient(request.clientId ?? WEB_CLIENT_ID);
    const {profile, tokens} = await this.verifier.verify(
      entry,
      clientId,
      request,
    );
    const {user} = await this.signIns.signIn(entry, profile, tokens, {
      mode: 'login',
      applicationId: clientId,
      context,
    });
    return this.sessions.start(user.id, {
      applicationId: clientId,
      authMethod: entry.name,
      ip: context.ip,
      userAgent: context.userAgent,
    });
  }

  /**
   * A native app cannot keep a secret, so only public clients exchange
   * here; the authenticator's OAuth error becomes this endpoint's code.
   */
  private async publicClient(clientId: string): Promise<string> {
    try {
      const client = await this.clients.require({clientId, method: 'none'});
      return client.id;
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      throw new AppError('INVALID_CLIENT', err.message);
    }
  }
}
