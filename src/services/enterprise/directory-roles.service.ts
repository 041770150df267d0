import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {groupKeys} from '../../config/ldap-names';
import {UserRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {PlatformBindings} from '../platform/keys';
import {ProviderBindings} from '../providers/keys';
import {
  DirectoryRoles,
  RolesFromGroupsEntry,
} from '../providers/flows/directory-roles-port';

/**
 * The roles a user holds after a directory sign-in. The roles an entry's
 * rolesFromGroups names belong to the directory: each is granted while the
 * user is in a group mapped to it and taken away once not. Every other
 * role (`admin` included, unless the entry maps a group to it) is the
 * service's own and left alone, so a directory can never take away, or
 * hand out, a role nobody mapped to it.
 */
export function rolesAfterSignIn(
  current: readonly string[],
  rolesFromGroups: Readonly<Record<string, string>>,
  groups: readonly string[],
): string[] {
  const managed = new Set(Object.values(rolesFromGroups));
  const granted = groups
    .flatMap(groupKeys)
    .filter(key => Object.prototype.hasOwnProperty.call(rolesFromGroups, key))
    .map(key => rolesFromGroups[key]!);
  return [...new Set([...current.filter(r => !managed.has(r)), ...granted])];
}

/** Applies rolesFromGroups at each sign-in through a directory entry. */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.DIRECTORY_ROLES},
})
export class DirectoryRolesService implements DirectoryRoles {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /**
   * Sets `userId`'s directory roles from `groups` (see rolesAfterSignIn),
   * recording `role.changed` when they change. Roles are read from the
   * database on every request, never from a token, so a removal takes
   * effect at once.
   */
  async apply(
    entry: RolesFromGroupsEntry,
    userId: string,
    groups: readonly string[],
    context: RequestContext,
  ): Promise<void> {
    const mapping = entry.rolesFromGroups ?? {};
    if (!Object.keys(mapping).length) return;
    const user = await this.users.findById(userId);
    const before = user.roles ?? [];
    const after = rolesAfterSignIn(before, mapping, groups);
    const added = after.filter(r => !before.includes(r));
    const removed = before.filter(r => !after.includes(r));
    if (!added.length && !removed.length) return;
    await this.users.updateById(userId, {roles: after});
    await this.audit.record('role.changed', {
      userId,
      context,
      details: {added, removed, by: 'directory', entry: entry.name},
    });
  }
}
