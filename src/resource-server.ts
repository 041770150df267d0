/**
 * `identity-service/resource-server`: what an API of its own needs to accept
 * the service's access tokens, and nothing else of the service (no
 * component, no models, no database driver). The package root exports the
 * same names.
 */
export * from './strategies/identity-token';
