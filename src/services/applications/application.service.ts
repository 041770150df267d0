import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {AccountBindings} from '../accounts/keys';
import {ApplicationBindings} from './keys';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {Application, ApplicationType} from '../../models';
import {ApplicationRepository} from '../../repositories';
import {ApplicationAccessService} from './application-access.service';
import {ApplicationOwnershipService} from '../accounts/application-ownership.service';
import {ApplicationChanges, applicationUpdate} from './application-changes';
import {checkAll, checkOrigin, checkRedirectUri} from './application-input';
import {AuditService} from '../platform/audit.service';
import {ClientSecretHasher} from '../tokens/client-secret-hasher';
import {Clock} from '../platform/clock';
import {CorsPolicyService} from '../platform/cors-policy.service';
import {FirstPartyPolicyService} from '../tokens/first-party-policy.service';
import {SessionService} from '../tokens/session.service';
import {Actor} from '../accounts/user-admin.service';
import {WEB_CLIENT_ID} from '../platform/web-client';

export interface NewApplication {
  name: string;
  type: ApplicationType;
  redirectUris: string[];
  allowedOrigins?: string[];
}

export type {ApplicationChanges} from './application-changes';

/** An application as its owner sees it; `clientSecret` only right after it was made. */
export interface ApplicationView {
  id: string;
  name: string;
  ownerId?: string;
  type: ApplicationType;
  redirectUris: string[];
  allowedOrigins: string[];
  /** The allowed origins CORS admits now (proven or approved). */
  verifiedOrigins: string[];
  originsVerifiedAt?: Date;
  disabled: boolean;
  firstParty: boolean;
  created: Date;
  modified: Date;
  clientSecret?: string;
}

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
  ) {}

  /**
   * Registers an application owned by the actor. Throws
   * `INVALID_REDIRECT_URI` / `INVALID_ORIGIN`, or `VALIDATION_FAILED` for
   * a public application without a redirect URI.
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
   * Changes name, redirect URIs, origins or `disabled`; an admin also
   * `firstParty` and `verifiedOrigins` (see applicationUpdate for the
   * rules). Disabling revokes every session of the application;
   * re-enabling takes an admin, so an owner cannot undo an
   * administrator's suspension.
   */
  async update(
    actor: Actor,
    id: string,
    changes: ApplicationChanges,
  ): Promise<ApplicationView> {
    const app = await this.access.find(actor.userId, id);
    const data = applicationUpdate(app, changes, {
      isAdmin: await this.access.isAdmin(actor.userId),
      now: new Date(this.clock.now()),
    });
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
   * sessions. The first-party `web` application cannot be deleted
   * (`CONFLICT`): the page depends on it and every start recreates it.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    await this.access.find(actor.userId, id);
    if (id === WEB_CLIENT_ID) {
      throw new AppError(
        'CONFLICT',
        'The first-party web application cannot be deleted; disable it instead.',
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

/** The public fields only: never the secret hash. */
export function applicationView(app: Application): ApplicationView {
  return {
    id: app.id,
    name: app.name,
    ownerId: app.ownerId,
    type: app.type,
    redirectUris: app.redirectUris ?? [],
    allowedOrigins: app.allowedOrigins ?? [],
    verifiedOrigins: app.verifiedOrigins ?? [],
    originsVerifiedAt: app.originsVerifiedAt,
    disabled: !!app.disabled,
    firstParty: app.id === WEB_CLIENT_ID || !!app.firstParty,
    created: app.created,
    modified: app.modified,
  };
}
