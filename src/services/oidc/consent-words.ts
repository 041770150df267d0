/**
 * What each scope lets an application do, in the words the consent page
 * and the account page show. A Map, so a scope named like an object
 * property finds nothing.
 */
const SCOPE_WORDS: ReadonlyMap<string, string> = new Map([
  ['openid', 'Sign you in with your account here'],
  ['profile', 'See your name and username'],
  ['email', 'See your email address and whether it is verified'],
  [
    'offline_access',
    'Keep its access while you are not using it (until you revoke it)',
  ],
]);

/** Always true of an application a person allows: the code tells it who. */
export const IDENTITY_WORDS = 'Know which account here is yours';

/** A resource (an API) as the words need it (a `Resource` fits). */
export interface NamedResource {
  identifier: string;
  name: string;
  scopes?: string[];
}

/**
 * The plain words for a grant of `scopes` and `resources` (identifiers):
 * one line for who the person is, one per scope, one per resource. A
 * resource scope is named with the resource that defines it; a resource
 * that no longer exists, or a scope nobody defines, shows as itself.
 */
export function describeGrant(
  scopes: readonly string[],
  resources: readonly string[],
  known: readonly NamedResource[],
): string[] {
  const named = known.filter(r => resources.includes(r.identifier));
  const scopeLines = scopes.map(scope => {
    const words = SCOPE_WORDS.get(scope);
    if (words) return words;
    const owner = named.find(r => (r.scopes ?? []).includes(scope));
    return owner ? `${owner.name}: ${scope}` : `Use the scope ${scope}`;
  });
  const resourceLines = resources.map(identifier => {
    const resource = named.find(r => r.identifier === identifier);
    return `Use ${resource ? resource.name : identifier} on your behalf`;
  });
  return [IDENTITY_WORDS, ...scopeLines, ...resourceLines];
}
