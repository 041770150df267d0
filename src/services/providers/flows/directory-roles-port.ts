import type {RequestContext} from '../../../strategies/request-context';

/** An entry whose directory groups map to roles (LDAP, SAML). */
export interface RolesFromGroupsEntry {
  readonly name: string;
  readonly rolesFromGroups?: Readonly<Record<string, string>>;
}

/**
 * rolesFromGroups, applied at each directory sign-in; served by the
 * enterprise feature (ProviderBindings.DIRECTORY_ROLES), which sits above
 * this one. The linking rules call it once they know the user.
 */
export interface DirectoryRoles {
  apply(
    entry: RolesFromGroupsEntry,
    userId: string,
    groups: readonly string[],
    context: RequestContext,
  ): Promise<void>;
}
