/** The LoopBack 3 models the import reads, by their role. */
export type Lb3Kind = 'User' | 'UserIdentity' | 'UserCredential';

export const LB3_KINDS: readonly Lb3Kind[] = [
  'User',
  'UserIdentity',
  'UserCredential',
];

/**
 * One record as a source stored it. Property names are lower-cased
 * (PostgreSQL's columns are; memory and MongoDB keep the model's case), in
 * an object without a prototype, so `__proto__` is only ever a name.
 */
export interface Lb3Record {
  readonly kind: Lb3Kind;
  /** The record's id in the source, for reports and for `userId` links. */
  readonly id: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A record the import did not take, and why. */
export interface Refusal {
  readonly kind: Lb3Kind | string;
  readonly id: string;
  readonly reason: string;
}

/** What a source holds, and what it could not even read. */
export interface Lb3Data {
  readonly records: Lb3Record[];
  readonly unreadable: Refusal[];
  /** Models read past (AccessToken), with how many records they hold. */
  readonly ignored: {model: string; count: number}[];
}

/** Where LoopBack 3's records are read from. */
export interface Lb3Source {
  /** e.g. `PostgreSQL table public.user`, for the report. */
  readonly description: string;
  read(): Promise<Lb3Data>;
  close(): Promise<void>;
}

const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** The first property name on a prototype's path anywhere in `value`. */
export function prototypeName(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (!item || typeof item !== 'object') continue;
    for (const [key, child] of Object.entries(item)) {
      if (PROTOTYPE_NAMES.has(key)) return key;
      pending.push(child);
    }
  }
  return undefined;
}

/**
 * `raw` as an Lb3Record, or a Refusal when it is not a plain object, has no
 * id, or names a prototype property anywhere. `fallbackId` is the key a
 * source filed it under (the memory file's), used when the record has none.
 */
export function toRecord(
  kind: Lb3Kind,
  raw: unknown,
  fallbackId?: string,
): Lb3Record | Refusal {
  const label = idText(fallbackId) ?? '(no id)';
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return {kind, id: label, reason: 'is not an object'};
  }
  const source = raw as Record<string, unknown>;
  const id = idText(source.id) ?? idText(source._id) ?? idText(fallbackId);
  if (!id) return {kind, id: label, reason: 'has no id'};
  const named = prototypeName(raw);
  if (named) return {kind, id, reason: `holds a property named "${named}"`};
  const data: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(source)) {
    data[key.toLowerCase()] = value;
  }
  return {kind, id, data};
}

/** An id as text: a string, a finite number or a MongoDB ObjectId. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object') {
    const hex = (value as {toHexString?: unknown}).toHexString;
    if (typeof hex === 'function') return String(hex.call(value));
  }
  return undefined;
}

/** Whether `value` is a Refusal rather than a record. */
export function isRefusal(value: Lb3Record | Refusal): value is Refusal {
  return 'reason' in value;
}
