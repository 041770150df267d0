import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {DataObject, repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {OidcBindings} from './keys';
import {PlatformBindings} from '../platform/keys';
import {Resource} from '../../models';
import {ResourceRepository} from '../../repositories';
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
}

/** `PATCH /resources/{id}`: the identifier never changes; `null` clears the lifetime. */
export interface ResourceChanges {
  name?: string;
  scopes?: string[];
  accessTokenTtl?: number | null;
}

/** A resource as the API shows it. */
export interface ResourceView {
  id: string;
  identifier: string;
  name: string;
  scopes: string[];
  accessTokenTtl?: number;
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
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /**
   * Creates a resource. Throws `INVALID_RESOURCE`, `INVALID_SCOPE`, or
   * `RESOURCE_EXISTS` when another resource has the identifier.
   */
  async create(actor: Actor, input: NewResource): Promise<ResourceView> {
    const created = await this.resources.create({
      identifier: checkResourceIdentifier(input.identifier),
      name: input.name,
      scopes: checkResourceScopes(input.scopes ?? []),
      ...(input.accessTokenTtl !== undefined
        ? {accessTokenTtl: checkAccessTokenTtl(input.accessTokenTtl)}
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
    created: resource.created,
    modified: resource.modified,
  };
}
