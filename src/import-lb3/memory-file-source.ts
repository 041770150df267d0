import {readFile} from 'node:fs/promises';
import {
  Lb3Data,
  Lb3Kind,
  Lb3Record,
  Lb3Source,
  LB3_KINDS,
  Refusal,
  isRefusal,
  toRecord,
} from './lb3-records';
import {ModelLocations} from './model-names';

/** A memory-connector file the import cannot read at all. */
export class SourceError extends Error {}

/**
 * LoopBack 3's memory connector file: `{"ids": {...}, "models": {"User":
 * {"1": "<the record as a JSON string>"}}}`. Each record is parsed on its
 * own, so one broken record is refused and the others are read.
 */
export class MemoryFileSource implements Lb3Source {
  readonly description: string;

  constructor(
    private readonly file: string,
    private readonly models: ModelLocations,
  ) {
    this.description = `memory-connector file ${file}`;
  }

  async read(): Promise<Lb3Data> {
    return parseMemoryFile(await readFile(this.file, 'utf8'), this.models);
  }

  async close(): Promise<void> {}
}

/** The records of a memory-connector file's text. */
export function parseMemoryFile(text: string, models: ModelLocations): Lb3Data {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SourceError(`not JSON: ${(err as Error).message}`);
  }
  const stored = objectAt(parsed, 'models');
  if (!stored) {
    throw new SourceError('no "models" object: not a memory-connector file');
  }
  const records: Lb3Record[] = [];
  const unreadable: Refusal[] = [];
  for (const kind of LB3_KINDS) {
    const table = objectAt(stored, models[kind].model);
    for (const [key, value] of Object.entries(table ?? {})) {
      const record = parseRecord(kind, key, value);
      (isRefusal(record) ? unreadable : records).push(record as never);
    }
  }
  const tokens = objectAt(stored, models.AccessToken.model);
  const ignored = [
    {model: 'AccessToken', count: Object.keys(tokens ?? {}).length},
  ];
  return {records, unreadable, ignored};
}

function parseRecord(
  kind: Lb3Kind,
  key: string,
  value: unknown,
): Lb3Record | Refusal {
  if (typeof value !== 'string') return toRecord(kind, value, key);
  try {
    return toRecord(kind, JSON.parse(value), key);
  } catch {
    return {kind, id: key, reason: 'is not valid JSON'};
  }
}

function objectAt(
  value: unknown,
  key: string,
): Record<string, unknown> | undefined {
  if (
    !value ||
    typeof value !== 'object' ||
    !Object.prototype.hasOwnProperty.call(value, key)
  ) {
    return undefined;
  }
  const found = (value as Record<string, unknown>)[key];
  return found && typeof found === 'object' && !Array.isArray(found)
    ? (found as Record<string, unknown>)
    : undefined;
}
