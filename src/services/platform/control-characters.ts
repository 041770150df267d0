/**
 * Which characters the service refuses in client input, decided once.
 *
 * Every Unicode control character (general category Cc: C0 U+0000–U+001F,
 * DEL U+007F, C1 U+0080–U+009F) is refused in every identifier, path
 * segment, query parameter, decoded credential and JSON or form string.
 * No field of the API has a use for one: names, emails, ids, URIs, secrets
 * and passwords are single-line text (RFC 7617 forbids controls in Basic
 * credentials, so a password holding one could never be used there; the
 * page's inputs cannot type one). PostgreSQL cannot store NUL in text at
 * all, and CR LF, TAB and ESC in stored values split headers and log
 * lines or make two "identical" strings differ. Multi-line fields (the PEM
 * certificates an application sends for its own directory) are the one
 * exception: an operation names them (`x-multiline-fields`), and CR, LF and
 * TAB are allowed in those fields alone.
 */
const CONTROL = /\p{Cc}/u;

/** A control character other than CR, LF and TAB. */
const CONTROL_BUT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u;

/** Whether `value` holds a control character. */
export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

/**
 * `value` with each control character replaced by a space, for text the
 * service records but never refuses (a request's User-Agent).
 */
export function withoutControlCharacters(value: string): string {
  return value.replace(/\p{Cc}/gu, ' ');
}

/** `U+0000`, naming the first control character of `value`, for messages. */
export function firstControlCharacter(
  value: string,
  pattern: RegExp = CONTROL,
): string | undefined {
  const found = pattern.exec(value)?.[0];
  return found === undefined
    ? undefined
    : `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Where a control character was found, and which one. */
export interface ControlCharacterFinding {
  /** `client_id`, `redirectUris[0]`, or the object whose key holds it. */
  path: string;
  message: string;
}

/** A value met while walking, with the way back to the root. */
interface Step {
  value: unknown;
  parent?: Step;
  key?: string | number;
}

/**
 * The first string or property name holding a control character anywhere
 * in a parsed value (JSON, form or query). Iterative, so a deeply nested
 * body cannot overflow the stack; the path is spelled out only once found.
 * In the `multiline` fields (paths like `cert` or `server.tlsOptions.ca`,
 * array items included) CR, LF and TAB are allowed.
 */
export function findControlCharacter(
  root: unknown,
  multiline: ReadonlySet<string> = new Set(),
): ControlCharacterFinding | undefined {
  const pending: Step[] = [{value: root}];
  for (let step = pending.pop(); step; step = pending.pop()) {
    const {value} = step;
    if (typeof value === 'string') {
      let found = firstControlCharacter(value);
      if (found && multiline.has(fieldOf(step))) {
        found = firstControlCharacter(value, CONTROL_BUT_LINE_BREAKS);
      }
      if (found) {
        return {
          path: pathOf(step),
          message: `contains a control character (${found})`,
        };
      }
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        pending.push({value: value[i], parent: step, key: i});
      }
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const found = firstControlCharacter(key);
        if (found) {
          return {
            path: pathOf(step) || '(top level)',
            message: `has a property name with a control character (${found})`,
          };
        }
        pending.push({value: item, parent: step, key});
      }
    }
  }
  return undefined;
}

/** `cert`, `a.b`: the field of `step`, whichever array item it is. */
function fieldOf(step: Step): string {
  return pathOf(step).replace(/\[\d+\]/g, '');
}

/** `redirectUris[0]`, `a.b`: the keys from the root down to `step`. */
function pathOf(step: Step): string {
  const keys: (string | number)[] = [];
  for (let s: Step | undefined = step; s?.parent; s = s.parent) {
    keys.push(s.key!);
  }
  return keys
    .reverse()
    .reduce<string>(
      (path, key) =>
        typeof key === 'number'
          ? `${path}[${key}]`
          : path
            ? `${path}.${key}`
            : key,
      '',
    );
}
