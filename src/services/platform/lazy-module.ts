/**
 * A dependency loaded at its first use rather than at start. Every module a
 * start loads costs time (resolving, reading and compiling files) and idle
 * memory (its source and code stay in the heap) on every node, including
 * the many that never use it: SAML's XML stack, the LDAP client, Redis's
 * client without REDIS_URL, SMTP, TOTP and QR codes.
 *
 * `load` is a `require(...)` written at the call site, so the bundler-free
 * build keeps the module name visible and the type comes from
 * `typeof import(...)`.
 */
export function lazyModule<T>(load: () => T): () => T {
  let loaded: {module: T} | undefined;
  return () => (loaded ??= {module: load()}).module;
}
