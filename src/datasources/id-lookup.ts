/** A query that reads one record: its id, and the fields to keep. */
export interface IdLookup {
  id: string;
  /** juggler's normalized field list; the whole record when undefined. */
  fields?: string[];
}

/**
 * The lookup a filter is when it is exactly `{where: {<id>: "<string>"}}`,
 * with at most `limit` (findOne), a zero offset and a field list beside it;
 * undefined for anything else.
 */
export function idLookup(
  filter: Record<string, unknown> | undefined,
  idName: string,
): IdLookup | undefined {
  if (!filter) return undefined;
  // juggler's findOne adds `limit: 1, offset: 0, skip: 0`.
  const {where, limit, offset, skip, fields, ...rest} = filter;
  if (Object.keys(rest).length || (limit !== undefined && limit !== 1)) {
    return undefined;
  }
  if (![offset, skip].every(n => n === undefined || n === 0)) return undefined;
  // juggler hands connectors `fields` as an array of names; anything else
  // goes the general way.
  if (fields !== undefined && !isNameList(fields)) return undefined;
  if (!where || typeof where !== 'object') return undefined;
  const keys = Object.keys(where);
  const id = (where as Record<string, unknown>)[idName];
  if (keys.length !== 1 || typeof id !== 'string') return undefined;
  return fields === undefined ? {id} : {id, fields};
}

/**
 * The stored row `id` of `rows`, own rows only: ids come from requests, and
 * `__proto__` or `constructor` name no row.
 */
export function ownRow(
  rows: Record<string, string> | undefined,
  id: string,
): string | undefined {
  const own = !!rows && Object.prototype.hasOwnProperty.call(rows, id);
  return own ? rows[id] : undefined;
}

/** `record` with only `fields`, as juggler's memory connector selects them. */
export function selectFields(
  record: Record<string, unknown>,
  fields: string[] | undefined,
): Record<string, unknown> {
  if (!fields) return record;
  return Object.fromEntries(fields.map(name => [name, record[name]]));
}

function isNameList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(v => typeof v === 'string');
}
