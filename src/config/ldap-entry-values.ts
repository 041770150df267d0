// Small readers of LDAP entry values the generic entry reader lacks.

import {ProviderEntryReader} from './provider-entry-reader';
import type {EntryParseContext} from './provider-entry-parser';

export function readStrings(
  read: ProviderEntryReader,
  raw: Record<string, unknown>,
  key: string,
): string[] | undefined {
  if (!read.has(key)) return undefined;
  const value = raw[key];
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items) || !items.every(i => typeof i === 'string')) {
    read.problem(key, 'must be a string or an array of strings');
    return undefined;
  }
  return items;
}

export function readMillis(
  read: ProviderEntryReader,
  raw: Record<string, unknown>,
  key: string,
  fallback: number,
): number {
  const value = raw[key];
  if (value === undefined || value === null) return fallback;
  if (!Number.isInteger(value) || (value as number) <= 0) {
    read.problem(key, `must be a positive number of milliseconds`);
    return fallback;
  }
  return value as number;
}

export function warnUnused(
  label: string,
  raw: Record<string, unknown>,
  known: Set<string>,
  ctx: Pick<EntryParseContext, 'warnings'>,
): void {
  for (const key of Object.keys(raw)) {
    if (!known.has(key) && !key.startsWith('_'))
      ctx.warnings.push(`${label}.${key} is not used`);
  }
}

export function isLoopback(url: string): boolean {
  const host = url.replace(/^ldaps?:\/\//, '').split(/[:/]/)[0];
  return ['localhost', '127.0.0.1', '[::1]'].includes(host ?? '');
}
