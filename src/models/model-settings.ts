/** One index of a model, in the form both SQL and MongoDB connectors read. */
export interface IndexDefinition {
  keys: Record<string, 1 | -1>;
  options?: {
    unique?: boolean;
    partialFilterExpression?: object;
  };
}

/** An index and the name the database knows it by. */
export type NamedIndex = [name: string, definition: IndexDefinition];

/**
 * A unique index over `keys`, declared once for every connector:
 * loopback-connector-postgresql creates `CREATE UNIQUE INDEX <name>` and
 * loopback-connector-mongodb `createIndex(keys, {unique, name})`; the
 * repositories check the same declaration where the connector cannot.
 *
 * `optional`: rows without a value do not take part. PostgreSQL already
 * treats NULLs as distinct; MongoDB needs a partial index for that, since a
 * plain unique index would count every missing value as the same `null`.
 */
export function uniqueIndex(
  name: string,
  keys: string[],
  {optional = false}: {optional?: boolean} = {},
): NamedIndex {
  const options: IndexDefinition['options'] = {unique: true};
  if (optional) {
    options.partialFilterExpression = Object.fromEntries(
      keys.map(k => [k, {$type: 'string'}]),
    );
  }
  return [name, {keys: Object.fromEntries(keys.map(k => [k, 1])), options}];
}

/** A plain lookup index; speeds up the foreign-key queries of relations. */
export function lookupIndex(name: string, keys: string[]): NamedIndex {
  return [name, {keys: Object.fromEntries(keys.map(k => [k, 1]))}];
}

/**
 * Settings every model shares. `strict` rejects unknown properties;
 * `strictObjectIDCoercion` keeps the MongoDB connector from converting
 * string ids and foreign keys that happen to look like ObjectIDs.
 *
 * Index names are global in a PostgreSQL schema, so each is prefixed with
 * its table: `<model>_<columns>_uq` (unique) or `_ix` (lookup); never
 * `_idx`, which loopback-connector-postgresql reserves for property indexes.
 */
export function modelSettings(...indexes: NamedIndex[]): {
  strict: true;
  strictObjectIDCoercion: true;
  indexes: Record<string, IndexDefinition>;
} {
  return {
    strict: true,
    strictObjectIDCoercion: true,
    indexes: Object.fromEntries(indexes),
  };
}
