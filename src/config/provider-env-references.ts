import {Env} from './load-config';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in every string of `value` (nested arrays and objects
 * too) with the environment's value, so secrets stay out of the file. An
 * unset or empty variable is a problem naming the key path and the variable.
 */
export function resolveEnvReferences(
  value: unknown,
  keyPath: string,
  env: Env,
  problems: string[],
): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (whole, name: string) => {
      const resolved = env[name];
      if (resolved === undefined || resolved === '') {
        problems.push(`${keyPath} references \${${name}}, which is not set`);
        return whole;
      }
      return resolved;
    });
  }
  if (Array.isArray(value)) {
    return value.map((item, i) =>
      resolveEnvReferences(item, `${keyPath}[${i}]`, env, problems),
    );
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        resolveEnvReferences(item, `${keyPath}.${key}`, env, problems),
      ]),
    );
  }
  return value;
}
