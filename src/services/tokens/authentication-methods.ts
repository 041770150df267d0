/**
 * The session's `authMethod` as RFC 8176 Authentication Method Reference
 * values, for the `amr` claim: a password (the login form or Basic) is
 * `pwd`; any other method is a provider's name, a federated sign-in, `fed`.
 */
export function amrOf(authMethod: string): string[] {
  return PASSWORD_METHODS.has(authMethod) ? ['pwd'] : ['fed'];
}

const PASSWORD_METHODS = new Set(['password', 'basic']);
