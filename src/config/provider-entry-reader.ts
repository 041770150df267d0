import {parseHttpUrl} from './env-parsers';
import {checkPathShape, normalizePath} from './provider-paths';

/**
 * Named checks for one entry's keys. Each records a problem whose text names
 * the entry and key (`google-login.clientSecret is missing`) and returns a
 * usable fallback, so one pass reports every problem at once.
 */
export class ProviderEntryReader {
  constructor(
    readonly name: string,
    private raw: Record<string, unknown>,
    private problems: string[],
  ) {}

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  /** The key's raw value, for shapes the named checks do not cover. */
  value(key: string): unknown {
    return this.raw[key];
  }

  problem(key: string, text: string): void {
    this.problems.push(`${this.name}.${key} ${text}`);
  }

  /** A non-empty string; trimmed. */
  string(key: string, required: true): string;
  string(key: string, required?: false): string | undefined;
  string(key: string, required = false): string | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) {
      if (required) this.problem(key, 'is missing');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(key, `must be a string, got ${typeof value}`);
      return undefined;
    }
    if (!value.trim()) {
      this.problem(key, 'is empty');
      return undefined;
    }
    return value.trim();
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      this.problem(key, `must be true or false, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value;
  }

  /** LoopBack 3 accepts an array or a comma/space separated string. */
  scope(key: string): string[] | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) return undefined;
    const items = typeof value === 'string' ? value.split(/[\s,]+/) : value;
    if (!Array.isArray(items) || !items.every(s => typeof s === 'string')) {
      this.problem(key, 'must be a string or an array of strings');
      return undefined;
    }
    return items.map(s => s.trim()).filter(Boolean);
  }

  /** An absolute http(s) URL. */
  url(key: string, required: boolean): string | undefined {
    const value = required ? this.string(key, true) : this.string(key);
    if (value === undefined) return undefined;
    try {
      parseHttpUrlAllowingQuery(value);
      return value;
    } catch {
      this.problem(key, `must be an absolute http(s) URL, got "${value}"`);
      return undefined;
    }
  }

  /** A route path of this service, defaulting to `fallback`. */
  path(key: string, fallback: string): string {
    const value = this.string(key) ?? fallback;
    const shapeProblem = checkPathShape(value);
    if (shapeProblem) this.problem(key, shapeProblem);
    return normalizePath(value);
  }

  object(key: string): Record<string, unknown> | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem(key, 'must be an object');
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  /** An object whose values are all strings. */
  stringMap(key: string): Record<string, string> | undefined {
    const value = this.object(key);
    if (!value) return undefined;
    const bad = Object.entries(value).find(([, v]) => typeof v !== 'string');
    if (bad) {
      this.problem(`${key}.${bad[0]}`, 'must be a string');
      return undefined;
    }
    return value as Record<string, string>;
  }
}

/** parseHttpUrl refuses queries; a callback or endpoint URL may have one. */
function parseHttpUrlAllowingQuery(raw: string): void {
  const url = new URL(raw);
  url.search = '';
  url.hash = '';
  parseHttpUrl(url.toString());
}
