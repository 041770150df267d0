import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {AccountBindings} from '../accounts/keys';
import {ApplicationBindings} from './keys';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {ApplicationType, DEFAULT_GRANT_TYPES, IdTokenAlg} from '../../models';
import {ApplicationRepository, ResourceRepository} from '../../repositories';
import {ApplicationAccessService} from './application-access.service';
import {ApplicationOwnershipService} from '../accounts/application-ownership.service';
import {ApplicationChanges, applicationUpdate} from './application-changes';
import {checkAll, checkOrigin, checkRedirectUri} from './application-input';
import {
  definedScopes,
  oidcSettings,
  OidcSettingsInput,
  OidcSettingsLookups,
  settingsTarget,
} from './application-oidc-settings';
import {applicationView, ApplicationView} from './application-view';
import {AuditService} from '../platform/audit.service';
import {ClientSecretHasher} from '../tokens/client-secret-hasher';
import {Clock} from '../platform/clock';
import {CorsPolicyService} from '../platform/cors-policy.service';
import {FirstPartyPolicyService} from '../tokens/first-party-policy.service';
import {SessionService} from '../tokens/session.service';
import {Actor} from '../accounts/user-admin.service';
import {isBuiltInClient} from '../platform/web-client';

export interface NewApplication extends OidcSettingsInput {
  name: string;
  type: ApplicationType;
  redirectUris: string[];
  allowedOrigins?: string[];
  idTokenSignedResponseAlg?: IdTokenAlg;
}

export type {ApplicationChanges} from './application-changes';
export {applicationView} from './application-view';
export type {ApplicationView} from './application-view';

/**
 * Registering and managing client applications (issue 5). The id is the
 * OAuth client id; a confidential application's secret is shown once and
 * stored as a keyed hash. Disabling or deleting an application revokes
 * its sessions at once.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ApplicationBindings.APPLICATION_SERVICE},
})
export class ApplicationService {
  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @inject(ApplicationBindings.APPLICATION_ACCESS_SERVICE)
    private access: ApplicationAccessService,
    @inject(TokenBindings.CLIENT_SECRET_HASHER)
    private secrets: ClientSecretHasher,
    @inject(PlatformBindings.CORS_POLICY_SERVICE)
    private cors: CorsPolicyService,
    @inject(TokenBindings.FIRST_PARTY_POLICY_SERVICE)
    private firstParty: FirstPartyPolicyService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(AccountBindings.APPLICATION_OWNERSHIP_SERVICE)
    private ownership: ApplicationOwnershipService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @repository(ResourceRepository) private resources: ResourceRepository,
  ) {}

  /**
   * Registers an application owned by the actor. Throws
   * `INVALID_REDIRECT_URI` / `INVALID_ORIGIN`, or `VALIDATION_FAILED` for
   * a public application without a redirect URI; for the OpenID Provider
   * settings, what `oidcSettings` throws.
   */
  async register(
    actor: Actor,
    input: NewApplication,
  ): Promise<ApplicationView> {
    const redirectUris = checkAll(input.redirectUris, checkRedirectUri);
    const allowedOrigins = checkAll(input.allowedOrigins ?? [], checkOrigin);
    if (input.type === 'public' && !redirectUris.length) {
      throw new AppError(
        'VALIDATION_FAILED',
        'A public application needs at least one redirect URI.',
      );
    }
    const oidc = await oidcSettings(
      {type: input.type, grantTypes: [], scopes: []},
      input,
      this.lookups(actor),
    );
    const secret =
      input.type === 'confidential' ? this.secrets.generate() : undefined;
    const app = await this.applications.create({
      name: input.name,
      type: input.type,
      ownerId: actor.userId,
      redirectUris,
      allowedOrigins,
      verifiedOrigins: [],
      disabled: false,
      firstParty: false,
      grantTypes: [...DEFAULT_GRANT_TYPES],
      scopes: [],
      postLogoutRedirectUris: [],
      ...oidc,
      ...(secret ? {secretHash: secret.hash} : {}),
    });
    this.cors.invalidate();
    await this.record('application.registered', actor, app.id, {
      type: app.type,
    });
    return {...applicationView(app), clientSecret: secret?.secret};
  }

  /** The actor's applications (all of them for an admin). */
  async list(actor: Actor): Promise<ApplicationView[]> {
    return (await this.access.list(actor.userId)).map(applicationView);
  }

  /** One application of the actor's; anyone else's → `APPLICATION_NOT_FOUND`. */
  async get(actor: Actor, id: string): Promise<ApplicationView> {
    return applicationView(await this.access.find(actor.userId, id));
  }

  /**
   * Changes name, redirect URIs, origins, `disabled` or the OpenID Provider
   * settings; an admin also `firstParty` and `verifiedOrigins` (see
   * applicationUpdate and oidcSettings for the rules). Disabling revokes
   * every session of the application; re-enabling takes an admin, so an
   * owner cannot undo an administrator's suspension.
   */
  async update(
    actor: Actor,
    id: string,
    changes: ApplicationChanges,
  ): Promise<ApplicationView> {
    const app = await this.access.find(actor.userId, id);
    const isAdmin = await this.access.isAdmin(actor.userId);
    const data = {
      ...applicationUpdate(app, changes, {
        isAdmin,
        now: new Date(this.clock.now()),
      }),
      ...(await oidcSettings(
        settingsTarget(app),
        changes,
        this.lookups(actor, isAdmin),
      )),
    };
    await this.applications.updateById(id, data);
    if (data.disabled) await this.sessions.revokeAllForApplication(id);
    this.cors.invalidate();
    this.firstParty.invalidate(id);
    await this.record('application.updated', actor, id, {
      changed: Object.keys(data),
    });
    return applicationView(await this.applications.findById(id));
  }

  /**
   * Deletes an application with its provider credentials and revokes its
   * sessions. The built-in first-party applications (`web`, `explorer`)
   * cannot be deleted (`CONFLICT`): the page and the explorer depend on
   * them and every start recreates them.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    await this.access.find(actor.userId, id);
    if (isBuiltInClient(id)) {
      throw new AppError(
        'CONFLICT',
        `The built-in application ${id} cannot be deleted; disable it instead.`,
      );
    }
    await this.ownership.remove(id);
    await this.record('application.deleted', actor, id);
  }

  /**
   * A new client secret for a confidential application, shown once; the old
   * one stops working with this call. A public application has none
   * (`CONFLICT`).
   */
  async rotateSecret(actor: Actor, id: string): Promise<ApplicationView> {
    const app = await this.access.find(actor.userId, id);
    if (app.type !== 'confidential') {
      throw new AppError(
        'CONFLICT',
        'A public application has no client secret.',
      );
    }
    const secret = this.secrets.generate();
    await this.applications.updateById(id, {secretHash: secret.hash});
    await this.record('application.secret_rotated', actor, id);
    const updated = await this.applications.findById(id);
    return {...applicationView(updated), clientSecret: secret.secret};
  }

  /** The look-ups oidcSettings may need, done only when it does. */
  private lookups(actor: Actor, isAdmin?: boolean): OidcSettingsLookups {
    return {
      isAdmin: async () => isAdmin ?? this.access.isAdmin(actor.userId),
      definedScopes: () => definedScopes(this.resources),
    };
  }

  private record(
    type:
      | 'application.registered'
      | 'application.updated'
      | 'application.deleted'
      | 'application.secret_rotated',
    actor: Actor,
    applicationId: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(type, {
      userId: actor.userId,
      applicationId,
      context: actor.context,
      details,
    });
  }
}
