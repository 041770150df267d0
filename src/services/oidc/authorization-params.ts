import {AppError} from '../../errors';
import {hasControlCharacter} from '../platform/control-characters';
import {AuthorizeRedirectError} from './authorization-errors';

/**
 * An authorization request's parameters exactly as sent: every value of
 * each name, in order. Read from the raw query or form (never through a
 * parser that turns `a[b]=c` into objects or drops `__proto__`), so a
 * repeated parameter is seen as repeated and no name means anything but
 * itself.
 */
export type AuthorizationParams = ReadonlyMap<string, readonly string[]>;

/** Parameters that may be sent more than once (RFC 8707 §2: `resource`). */
const REPEATABLE = new Set(['resource']);

/** The parameters of a raw query string or form body. */
export function parseParams(raw: string): AuthorizationParams {
  const params = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(raw)) {
    if (hasControlCharacter(name) || hasControlCharacter(value)) {
      // Checked here for form bodies; the input guard checks queries first.
      throw new AppError(
        'INVALID_CHARACTERS',
        `Parameter ${JSON.stringify(name)} holds a control character.`,
      );
    }
    params.set(name, [...(params.get(name) ?? []), value]);
  }
  return params;
}

/** The parameters as stored for a later resume (JSON-safe). */
export function paramsToJson(
  params: AuthorizationParams,
): [string, string[]][] {
  return [...params].map(([name, values]) => [name, [...values]]);
}

export function paramsFromJson(
  entries: [string, string[]][],
): AuthorizationParams {
  return new Map(entries);
}

/**
 * The one value of `name`, or undefined when absent. Sent more than once
 * (OpenID Connect Core §3.1.2.1: "MUST NOT be included more than once"),
 * it is `onRepeat`'s error; an empty value counts as absent (RFC 6749 §3.1).
 */
export function single(
  params: AuthorizationParams,
  name: string,
  onRepeat: (name: string) => Error = repeatedRedirect,
): string | undefined {
  const values = params.get(name);
  if (!values) return undefined;
  if (values.length > 1 && !REPEATABLE.has(name)) throw onRepeat(name);
  const value = values[0];
  return value === '' ? undefined : value;
}

/** Every value of a repeatable parameter, empty ones left out. */
export function all(params: AuthorizationParams, name: string): string[] {
  return (params.get(name) ?? []).filter(Boolean);
}

/** Names of the parameters sent more than once that may not be. */
export function repeatedNames(params: AuthorizationParams): string[] {
  return [...params]
    .filter(([name, values]) => values.length > 1 && !REPEATABLE.has(name))
    .map(([name]) => name);
}

function repeatedRedirect(name: string): Error {
  return new AuthorizeRedirectError(
    'invalid_request',
    `The ${name} parameter is sent more than once.`,
  );
}
