import fs from 'node:fs';
import {AppError} from '../errors';

/** What juggler's memory connector keeps: next ids and serialized rows. */
export interface DbFileContent {
  ids: Record<string, number>;
  models: Record<string, Record<string, string>>;
}

/**
 * Reads the database file; undefined when it does not exist yet. A file
 * that exists but cannot be parsed throws DATABASE_FILE_CORRUPT naming it:
 * starting empty instead would overwrite the accounts on the next write.
 */
export function readDbFile(file: string): DbFileContent | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw corrupt(file, text.trim() ? (err as Error).message : 'it is empty');
  }
  if (!isRecord(parsed)) throw corrupt(file, 'it is not a JSON object');
  const {ids = {}, models = {}} = parsed;
  if (!isRecord(ids) || !isRecord(models)) {
    throw corrupt(file, '"ids" and "models" must be objects');
  }
  return {
    ids: ids as DbFileContent['ids'],
    models: models as DbFileContent['models'],
  };
}

function corrupt(file: string, reason: string): AppError {
  return new AppError(
    'DATABASE_FILE_CORRUPT',
    `The database file ${file} is corrupt (${reason}). Refusing to start so ` +
      'it is not overwritten: restore it from a backup, or move it away to ' +
      'start with an empty database.',
    {details: {file}},
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
