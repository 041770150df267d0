import {AppError, ErrorCode} from '../errors';
import {
  RESOURCE_IDENTIFIER_INDEX,
  USER_EMAIL_INDEX,
  USER_IDENTITY_INDEX,
  USER_USERNAME_INDEX,
} from '../models';

/**
 * The error each unique index answers with; any index not named here
 * answers DUPLICATE_KEY. Index names are the keys of the models' `indexes`
 * settings, which both connectors use as the database index name.
 */
export const UNIQUE_INDEX_CODES: ReadonlyMap<string, ErrorCode> = new Map([
  [USER_EMAIL_INDEX, 'EMAIL_TAKEN'],
  [USER_USERNAME_INDEX, 'USERNAME_TAKEN'],
  [USER_IDENTITY_INDEX, 'IDENTITY_ALREADY_LINKED'],
  [RESOURCE_IDENTIFIER_INDEX, 'RESOURCE_EXISTS'],
]);

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  EMAIL_TAKEN: 'An account with this email address already exists.',
  USERNAME_TAKEN: 'This username is already taken.',
  IDENTITY_ALREADY_LINKED:
    'This third-party account is already linked to another user.',
  RESOURCE_EXISTS: 'A resource with this identifier already exists.',
};

/** The 409 AppError for a write that would break the named unique index. */
export function uniqueViolation(indexName: string): AppError {
  const code = UNIQUE_INDEX_CODES.get(indexName) ?? 'DUPLICATE_KEY';
  const message =
    MESSAGES[code] ?? 'A record with the same unique key already exists.';
  return new AppError(code, message);
}

/**
 * The unique index a database error reports as violated: `''` when the
 * error is a unique violation whose index cannot be told, undefined when it
 * is not a unique violation at all.
 */
export function violatedUniqueIndex(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as {code?: unknown; constraint?: unknown; message?: unknown};
  // PostgreSQL unique_violation; `constraint` holds the unique index's name.
  if (e.code === '23505') {
    return typeof e.constraint === 'string' ? e.constraint : '';
  }
  // MongoDB E11000, from insertOne, updateMany and bulk writes alike; the
  // driver names the index only inside the message.
  const message = typeof e.message === 'string' ? e.message : '';
  if (e.code === 11000 || e.code === 11001 || message.startsWith('E11000')) {
    return /index: (\S+) dup key/.exec(message)?.[1] ?? '';
  }
  return undefined;
}

/** `err` as its 409 AppError when it is a unique violation, else `err`. */
export function translateUniqueViolation(err: unknown): unknown {
  const index = violatedUniqueIndex(err);
  return index === undefined ? err : uniqueViolation(index);
}
