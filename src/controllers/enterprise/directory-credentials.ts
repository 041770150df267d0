import {SchemaObject} from '@loopback/rest';
import {LdapEntry} from '../../config/ldap-entry';
import {AppError} from '../../errors';
import {DirectoryCredentials} from '../../services/enterprise/directory-password.service';

/** A password field: an empty one is a wrong credential, not a bad request. */
const FIELD: SchemaObject = {type: 'string', maxLength: 1024};

/**
 * The JSON body of a directory password route: `{username, password}` and
 * `others`. The entry's usernameField / passwordField (LoopBack 3) name the
 * two fields too, so the schema lets string properties through and
 * `credentialsOf` refuses any it does not know.
 */
export function directoryBodySchema(
  others: Record<string, SchemaObject> = {},
): SchemaObject {
  return {
    type: 'object',
    properties: {
      username: {...FIELD, description: 'The directory sign-in name'},
      password: {...FIELD, description: 'The directory password'},
      ...others,
    },
    additionalProperties: FIELD,
  };
}

export type DirectoryBody = Record<string, string | undefined>;

/**
 * The username and password, under the usual names or the entry's own.
 * Throws `VALIDATION_FAILED` for a property that is neither of them nor
 * one of `others`, `INVALID_REQUEST` when either is missing.
 */
export function credentialsOf(
  entry: LdapEntry,
  body: DirectoryBody,
  others: readonly string[] = [],
): DirectoryCredentials {
  const allowed = new Set([
    'username',
    'password',
    entry.usernameField,
    entry.passwordField,
    ...others,
  ]);
  const unknown = Object.keys(body).filter(key => !allowed.has(key));
  if (unknown.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Unknown properties: ${unknown.join(', ')}.`,
    );
  }
  const username = body[entry.usernameField] ?? body.username;
  const password = body[entry.passwordField] ?? body.password;
  if (username === undefined || password === undefined) {
    throw new AppError(
      'INVALID_REQUEST',
      `Send {"${entry.usernameField}", "${entry.passwordField}"} as JSON.`,
    );
  }
  return {username, password};
}
