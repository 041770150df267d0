import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {DataObject, repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {OidcBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {Resource} from '../../models';
import {ApplicationRepository, ResourceRepository} from '../../repositories';
import {Actor} from '../accounts/user-admin.service';
import {AuditService} from '../platform/audit.service';
import {
  checkAccessTokenTtl,
  checkResourceIdentifier,
  checkResourceScopes,
} from './resource-input';

/** `POST /resources`. */
export interface NewResource {
  identifier: string;
  name: string;
  scopes?: string[];
  accessTokenTtl?: number;
  applicationId?: string;
}

/** `PATCH /resources/{id}`: the identifier never changes; `null` clears. */
export interface ResourceChanges {
  name?: string;
  scopes?: string[];
  accessTokenTtl?: number | null;
  applicationId?: string | null;
}

/** A resource as the API shows it. */
export interface ResourceView {
  id: string;
  identifier: string;
  name: string;
  scopes: string[];
  accessTokenTtl?: number;
  /** The confidential application the API introspects as. */
  applicationId?: string;
  created: Date;
  modified: Date;
}

/**
 * The APIs that accept the service's access tokens, managed by admins.
 * Deleting one, or dropping a scope, takes effect at the next grant:
 * grants read the resources as they are then, so an application or a
 * consent that still names what is gone is granted nothing for it.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcBindings.RESOURCE_SERVICE},
})
export class ResourceService {
  constructor(
    @repository(ResourceRepository) private resources: ResourceRepository,
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
  ) {}

  /**
   * Creates a resource. Throws `INVALID_RESOURCE` (also for BASE_URL, the
   * service's own API, and an `applicationId` that names no confidential
   * application), `INVALID_SCOPE`, or `RESOURCE_EXISTS` when another
   * resource has the identifier.
   */
  async create(actor: Actor, input: NewResource): Promise<ResourceView> {
    const identifier = checkResourceIdentifier(input.identifier);
    if (identifier === this.config.baseUrl) {
      throw new AppError(
        'INVALID_RESOURCE',
        'identifier: BASE_URL is the service’s own API, not a resource',
      );
    }
    const created = await this.resources.create({
      identifier,
      name: input.name,
      scopes: checkResourceScopes(input.scopes ?? []),
      ...(input.accessTokenTtl !== undefined
        ? {accessTokenTtl: checkAccessTokenTtl(input.accessTokenTtl)}
        : {}),
      ...(input.applicationId !== undefined
        ? {applicationId: await this.server(input.applicationId)}
        : {}),
    });
    await this.record('resource.created', actor, created);
    return resourceView(created);
  }

  /** Every resource, oldest first. */
  async list(): Promise<ResourceView[]> {
    const all = await this.resources.find({order: ['created ASC', 'id ASC']});
    return all.map(resourceView);
  }

  /** One resource; `RESOURCE_NOT_FOUND` when there is none with this id. */
  async get(id: string): Promise<ResourceView> {
    return resourceView(await this.find(id));
  }

  /**
   * The resources with these identifiers (the `resource` parameters of a
   * request), in no particular order; unknown identifiers are left out.
   */
  async findByIdentifiers(identifiers: readonly string[]): Promise<Resource[]> {
    if (!identifiers.length) return [];
    return this.resources.find({where: {identifier: {inq: [...identifiers]}}});
  }

  /**
   * Changes the name, the scopes or the token lifetime. Throws
   * `RESOURCE_NOT_FOUND`, `INVALID_SCOPE` or `INVALID_RESOURCE`.
   */
  async update(
    actor: Actor,
    id: string,
    changes: ResourceChanges,
  ): Promise<ResourceView> {
    await this.find(id);
    const data: DataObject<Resource> = {};
    if (changes.name !== undefined) data.name = changes.name;
    if (changes.scopes) data.scopes = checkResourceScopes(changes.scopes);
    if (changes.accessTokenTtl !== undefined) {
      data.accessTokenTtl =
        changes.accessTokenTtl === null
          ? cleared()
          : checkAccessTokenTtl(changes.accessTokenTtl);
    }
    if (changes.applicationId !== undefined) {
      data.applicationId =
        changes.applicationId === null
          ? cleared()
          : await this.server(changes.applicationId);
    }
    await this.resources.updateById(id, data);
    const updated = await this.find(id);
    await this.record('resource.updated', actor, updated, Object.keys(data));
    return resourceView(updated);
  }

  /** Deletes a resource; `RESOURCE_NOT_FOUND` when there is none. */
  async delete(actor: Actor, id: string): Promise<void> {
    const resource = await this.find(id);
    await this.resources.deleteById(id);
    await this.record('resource.deleted', actor, resource);
  }

  /**
   * The application a resource server introspects as: an existing
   * confidential one (only those authenticate). `INVALID_RESOURCE` otherwise.
   */
  private async server(applicationId: string): Promise<string> {
    const app = await this.applications.findOne({
      where: {id: applicationId},
      fields: {id: true, type: true},
    });
    if (!app || app.type !== 'confidential') {
      throw new AppError(
        'INVALID_RESOURCE',
        'applicationId must name a confidential application.',
      );
    }
    return app.id;
  }

  private async find(id: string): Promise<Resource> {
    const found = await this.resources.findOne({where: {id}});
    if (!found) {
      throw new AppError('RESOURCE_NOT_FOUND', 'No such resource.');
    }
    return found;
  }

  private record(
    type: 'resource.created' | 'resource.updated' | 'resource.deleted',
    actor: Actor,
    resource: Resource,
    changed?: string[],
  ): Promise<void> {
    return this.audit.record(type, {
      userId: actor.userId,
      context: actor.context,
      details: {
        resourceId: resource.id,
        identifier: resource.identifier,
        ...(changed ? {changed} : {}),
      },
    });
  }
}

/**
 * The value that clears an optional property on every connector: juggler
 * leaves an undefined property out of the update, so the old value stays.
 */
function cleared(): undefined {
  return null as unknown as undefined;
}

/** What the API shows; a cleared lifetime (stored null) is left out. */
export function resourceView(resource: Resource): ResourceView {
  return {
    id: resource.id,
    identifier: resource.identifier,
    name: resource.name,
    scopes: resource.scopes ?? [],
    ...(typeof resource.accessTokenTtl === 'number'
      ? {accessTokenTtl: resource.accessTokenTtl}
      : {}),
    ...(resource.applicationId ? {applicationId: resource.applicationId} : {}),
    created: resource.created,
    modified: resource.modified,
  };
}
