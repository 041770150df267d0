// RFC 4515 filters and group names, shared by the providers.json checks
// and the directory sign-in.

type Ldapts = typeof import('ldapts');
let ldaptsModule: Ldapts | undefined;
// Loaded when a providers.json has an LDAP entry, not at every start.
function ldapts(): Ldapts {
  ldaptsModule ??= require('ldapts') as Ldapts;
  return ldaptsModule;
}

/**
 * A value escaped for an RFC 4515 filter: `*`, `(`, `)`, `\` and NUL as
 * `\XX`, so a username can only ever be compared, never become filter
 * syntax (a `*` wildcard or a `)(|(uid=*` that closes and opens clauses).
 */
export function escapeFilterValue(value: string): string {
  return value.replace(
    /[*()\\\0]/g,
    char => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/**
 * `template` with each `{{name}}` replaced by the escaped value. A function
 * replacer, so a `$&` in a value is taken literally.
 */
export function fillFilter(
  template: string,
  values: Readonly<Record<string, string>>,
): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in values ? escapeFilterValue(values[name]!) : whole,
  );
}

/**
 * Why `filter` cannot be used, or undefined: it must name `{{username}}`
 * (or one of `placeholders`) and parse as an RFC 4515 filter.
 */
export function checkSearchFilter(
  filter: string,
  placeholders: readonly string[] = ['username'],
): string | undefined {
  const named = [...filter.matchAll(/\{\{(\w+)\}\}/g)].map(m => m[1]!);
  const unknown = named.find(n => !placeholders.includes(n));
  if (unknown)
    return `names {{${unknown}}}: use ${placeholders.map(p => `{{${p}}}`).join(' or ')}`;
  if (!named.length)
    return `must hold ${placeholders.map(p => `{{${p}}}`).join(' or ')}`;
  const sample = Object.fromEntries(placeholders.map(p => [p, 'x']));
  try {
    ldapts().FilterParser.parseString(fillFilter(filter, sample));
  } catch (err) {
    return `is not an RFC 4515 filter: ${(err as Error).message}`;
  }
  return undefined;
}

/**
 * A group as rolesFromGroups keys it: a DN lower-cased without spaces
 * around its separators, or a bare name (cn) lower-cased.
 */
export function normalizeGroup(group: string): string {
  return group
    .trim()
    .toLowerCase()
    .replace(/\s*([,=+])\s*/g, '$1');
}

/**
 * The keys a member's group DN answers to in rolesFromGroups: the DN
 * itself and, for `cn=…`, its cn.
 */
export function groupKeys(dn: string): string[] {
  const normalized = normalizeGroup(dn);
  const first = /^cn=((?:\\.|[^,+])*)/.exec(normalized);
  return first ? [normalized, first[1]!] : [normalized];
}
