import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  oas,
  param,
  post,
  Request,
  requestBody,
  RestBindings,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../../keys';
import {LdapLinkService} from '../../services/enterprise/ldap-link.service';
import {StepUpService} from '../../services/tokens/step-up.service';
import {IdentityView} from '../../services/providers/linking/linked-accounts.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {errorResponses, jsonResponse} from '../accounts/account-schemas';
import {IDENTITY} from '../providers/linked-accounts.controller';
import {
  credentialsOf,
  DirectoryBody,
  directoryBodySchema,
} from './directory-credentials';
import {ApiArea} from '../../services/platform/api-areas';

/**
 * Links a directory account (LDAP / Active Directory entry) to the
 * signed-in user. `POST /link/{name}` starts a redirect to a provider;
 * a directory has no page to send the browser to, so its link is the
 * password itself, posted next to it as the sign-in is: `/auth/{name}`
 * and `/auth/{name}/login`, `/link/{name}` and `/link/{name}/login`.
 * First-party callers only (no @allowThirdPartyClients: the default).
 */
@oas.tags(ApiArea.THIRD_PARTY)
export class LdapLinkController {
  constructor(
    @inject(IdentityBindings.LDAP_LINK_SERVICE) private links: LdapLinkService,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
  ) {}

  @authenticate('bearer', 'basic')
  @post('/link/{name}/login', {
    summary:
      'Link a directory (LDAP) account to your account with its password',
    description:
      'For providers.json entries with `"authScheme": "ldap"`. JSON `{username, password}` of the ' +
      "directory account (the entry's `usernameField` / `passwordField` may name the two fields). " +
      'Wrong passwords count against the same limits and lock-out as `POST /auth/{name}/login`. ' +
      'A link is a new way into the account: it needs a recent sign-in, with the second factor when the account has one ' +
      '(else 401 `INSUFFICIENT_USER_AUTHENTICATION` before the directory is asked: POST /auth/step-up).',
    responses: {
      '200': jsonResponse(
        'The linked identity, as GET /users/me/identities lists it (the same answer when it is linked to you already)',
        IDENTITY,
      ),
      ...errorResponses({
        '400': 'INVALID_REQUEST: no username or password field',
        '401':
          'AUTHENTICATION_REQUIRED or INVALID_TOKEN: sign in; INVALID_CREDENTIALS: the directory username or password is wrong (one answer for unknown user, wrong or empty password, and a lock-out); ' +
          'INSUFFICIENT_USER_AUTHENTICATION: the sign-in is older than STEP_UP_MAX_AGE or, for an account with a second factor, did not use it (`WWW-Authenticate: Bearer error="insufficient_user_authentication"`)',
        '403':
          'FIRST_PARTY_REQUIRED: a third-party application’s token; ACCOUNT_DISABLED',
        '404': 'PROVIDER_NOT_FOUND: no LDAP entry has this name',
        '409':
          'IDENTITY_ALREADY_LINKED: another user holds this directory account; nothing changes',
        '422': 'VALIDATION_FAILED: the body breaks the schema',
        '429': 'RATE_LIMITED: too many wrong passwords from this address',
        '502':
          'PROVIDER_ERROR: the directory refused the service account or the search',
        '503':
          'DIRECTORY_UNAVAILABLE: the directory cannot be reached (down, timeout, TLS)',
      }),
    },
  })
  async link(
    @param.path.string('name') name: string,
    @requestBody({
      required: true,
      content: {'application/json': {schema: directoryBodySchema()}},
    })
    body: DirectoryBody,
    @inject(SecurityBindings.USER) user: CurrentUser,
  ): Promise<IdentityView> {
    const entry = this.links.entry(name);
    // Before the directory is asked: a stolen token must not link, nor
    // guess directory passwords through this route.
    await this.stepUp.require(user);
    return this.links.link(entry, credentialsOf(entry, body), {
      userId: user.id,
      applicationId: user.applicationId,
      context: requestContext(this.request),
    });
  }
}
