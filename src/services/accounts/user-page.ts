import {Where} from '@loopback/repository';
import {AppError} from '../../errors';
import {User} from '../../models';

/**
 * Keyset pagination of the user list: a page starts after the last user of
 * the previous one in `(created, id)` order, the order of the index
 * `user_created_id_ix`, so a page deep in the list reads what the first one
 * reads. The cursor is opaque to clients: base64url of that position.
 */
export interface UserPosition {
  created: Date;
  id: string;
}

/** The cursor that resumes the list after `user`. */
export function encodeUserCursor(user: UserPosition): string {
  const position = [new Date(user.created).toISOString(), user.id];
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor names, or `INVALID_CURSOR` for anything else. */
export function decodeUserCursor(cursor: string): UserPosition {
  try {
    const decoded: unknown = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [created, id] = decoded as unknown[];
      const when = typeof created === 'string' ? new Date(created) : undefined;
      if (when && !isNaN(when.getTime()) && typeof id === 'string' && id) {
        return {created: when, id};
      }
    }
  } catch {
    // Not JSON: refused below like any other bad cursor.
  }
  throw new AppError(
    'INVALID_CURSOR',
    'The cursor is not one this list gave; start again without it.',
  );
}

/**
 * The users after `position`. Written `created >= c AND (created > c OR
 * id > i)` rather than as a bare OR: the first term bounds the index scan,
 * the second only filters the few rows of the same instant.
 */
export function afterPosition(position: UserPosition): Where<User> {
  const {created, id} = position;
  return {
    and: [
      {created: {gte: created}},
      {or: [{created: {gt: created}}, {id: {gt: id}}]},
    ],
  };
}
