import {ModelDefinition} from '@loopback/repository';
import {IndexDefinition} from '../models/model-settings';

/** One unique index of a model, as the in-process check sees it. */
export interface UniqueKey {
  readonly name: string;
  readonly properties: readonly string[];
}

/** The unique indexes a model declares in its `indexes` settings. */
export function uniqueKeysOf(definition: ModelDefinition): UniqueKey[] {
  const indexes = (definition.settings.indexes ?? {}) as Record<
    string,
    IndexDefinition
  >;
  return Object.entries(indexes)
    .filter(([, index]) => index.options?.unique === true)
    .map(([name, index]) => ({name, properties: Object.keys(index.keys)}));
}

/**
 * The key's values in `row`, joined into one comparable string; undefined
 * when any is missing, since rows without a value do not take part
 * (NULLs are distinct in PostgreSQL, and the MongoDB index is partial).
 */
export function keyValue(
  key: UniqueKey,
  row: Record<string, unknown>,
): string | undefined {
  const values = key.properties.map(p => row[p]);
  if (values.some(v => v === undefined || v === null)) return undefined;
  return JSON.stringify(values);
}

/** A juggler `where` that matches rows holding the key's values of `row`. */
export function keyWhere(
  key: UniqueKey,
  row: Record<string, unknown>,
): {and: object[]} {
  return {and: key.properties.map(p => ({[p]: row[p]}))};
}

/** The first key that two of `rows` share a value of, if any. */
export function duplicateWithin(
  keys: readonly UniqueKey[],
  rows: readonly Record<string, unknown>[],
): UniqueKey | undefined {
  return keys.find(key => {
    const seen = new Set<string>();
    return rows.some(row => {
      const value = keyValue(key, row);
      if (value === undefined) return false;
      if (seen.has(value)) return true;
      seen.add(value);
      return false;
    });
  });
}
