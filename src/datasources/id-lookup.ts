/**
 * The id of a filter that is exactly `{where: {<id>: "<string>"}}`, with at
 * most `limit` (findOne) beside it; undefined for anything else.
 */
export function idLookup(
  filter: Record<string, unknown> | undefined,
  idName: string,
): string | undefined {
  if (!filter) return undefined;
  const {where, limit, ...rest} = filter;
  if (Object.keys(rest).length || (limit !== undefined && limit !== 1)) {
    return undefined;
  }
  if (!where || typeof where !== 'object') return undefined;
  const keys = Object.keys(where);
  const id = (where as Record<string, unknown>)[idName];
  return keys.length === 1 && typeof id === 'string' ? id : undefined;
}
