/**
 * The most used passwords, from zxcvbn-ts's common list (about 49,000
 * entries ordered by frequency, all lower-case). Loaded on first use only:
 * decompressing the list costs a few tens of milliseconds and memory that
 * processes which never check a password (workers, migrations) should not pay.
 */
let commonPasswords: ReadonlySet<string> | undefined;

function load(): ReadonlySet<string> {
  // A synchronous require keeps the policy check synchronous, so a caller
  // cannot forget an `await` and let a weak password through.
  const {dictionary} =
    require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  return new Set(dictionary['passwords-common']);
}

/** Whether `password` is on the common-password list, ignoring case. */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= load();
  return commonPasswords.has(password.toLowerCase());
}
