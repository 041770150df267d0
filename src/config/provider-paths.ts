/** Routes of the service itself: exact paths and whole subtrees. */
const OWN_ROUTES = [
  '/auth/login',
  '/auth/token',
  '/auth/revoke',
  '/auth/introspect',
  '/auth/logout',
  '/auth/providers',
];
const OWN_PREFIXES = [
  '/auth/verify-email',
  '/auth/password-reset',
  '/users',
  '/sessions',
  '/applications',
  '/.well-known',
  '/health',
  '/ready',
  '/explorer',
  '/openapi.json',
];

/** Why `path` cannot be an entry's route, or undefined when it can. */
export function checkPathShape(path: string): string | undefined {
  if (!path.startsWith('/')) return `must start with "/", got "${path}"`;
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path)) {
    return `may only hold letters, digits and - . _ ~ /, got "${path}"`;
  }
  if (path === '/') return 'cannot be "/"';
  const ownRoute =
    OWN_ROUTES.find(route => path === route) ??
    OWN_PREFIXES.find(
      prefix => path === prefix || path.startsWith(`${prefix}/`),
    );
  if (ownRoute) return `"${path}" is a route of the service (${ownRoute})`;
  return undefined;
}

/** Without a trailing slash, so `/auth/x/` and `/auth/x` count as one. */
export function normalizePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** A path some entry serves, and what for, to name both sides of a clash. */
export interface ClaimedPath {
  path: string;
  owner: string;
}

/**
 * Problems for paths claimed twice. Each entry claims its authPath,
 * callbackPath and the routes part B derives from its name
 * (`/auth/{name}/token`, `/link/{name}`).
 */
export function findDuplicatePaths(claims: ClaimedPath[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const {path, owner} of claims) {
    const first = seen.get(path);
    if (first === undefined) {
      seen.set(path, owner);
    } else if (first !== owner) {
      problems.push(`${owner} is "${path}", which is also ${first}`);
    }
  }
  return problems;
}

/** Where a SAML entry serves this service's SP metadata (DESIGN §10). */
export function samlMetadataPath(entry: {name: string}): string {
  return `/auth/${entry.name}/metadata`;
}
