/** Finds where a module is installed; throws when it is not. */
export type ModuleResolver = (name: string) => string;

export const defaultModuleResolver: ModuleResolver = name =>
  require.resolve(name);

/**
 * LoopBack 3 examples name umbrella packages that only re-export a strategy
 * of another package. When the umbrella is not installed but the package it
 * re-exports is, that one is used: the file still loads unchanged.
 */
const LB3_ALIASES = new Map<string, Map<string, [string, string]>>([
  [
    'passport-google-oauth',
    new Map<string, [string, string]>([
      ['OAuth2Strategy', ['passport-google-oauth20', 'Strategy']],
      ['Strategy', ['passport-google-oauth20', 'Strategy']],
    ]),
  ],
  [
    'passport-oauth',
    new Map<string, [string, string]>([
      ['OAuth2Strategy', ['passport-oauth2', 'Strategy']],
      ['OAuthStrategy', ['passport-oauth1', 'Strategy']],
    ]),
  ],
]);

export interface ResolvedModule {
  module: string;
  strategy: string;
  /** Set when a LoopBack 3 alias replaced the named module. */
  aliasOf?: string;
}

/**
 * The module and export to load for an entry, or undefined when neither the
 * named module nor an alias for it is installed.
 */
export function resolveStrategyModule(
  name: string,
  strategy: string,
  resolve: ModuleResolver,
): ResolvedModule | undefined {
  if (isInstalled(name, resolve)) return {module: name, strategy};
  const alias = LB3_ALIASES.get(name)?.get(strategy);
  if (alias && isInstalled(alias[0], resolve)) {
    return {module: alias[0], strategy: alias[1], aliasOf: name};
  }
  return undefined;
}

function isInstalled(name: string, resolve: ModuleResolver): boolean {
  try {
    resolve(name);
    return true;
  } catch {
    return false;
  }
}
