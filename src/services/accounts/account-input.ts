import {AppError} from '../../errors';

/** Usernames: 3–32 of letters, digits, `.`, `_`, `-`; never an email. */
export const USERNAME_PATTERN = '^[a-zA-Z0-9._-]{3,32}$';
export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 200;

/**
 * One bare address with a dotted domain. Stricter than RFC 5322 on purpose:
 * no display names, lists, quotes or spaces, so the stored value can only
 * ever be sent to one mailbox (the mail service refuses anything else).
 */
const EMAIL_SHAPE =
  /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\.]+(\.[^\s@,;:<>()[\]"\\.]+)+$/;

/**
 * The email in its stored form (trimmed, lower-case), or `VALIDATION_FAILED`.
 * The OpenAPI schema checks the shape too; services check again because
 * they are also called without HTTP.
 */
export function normalizeEmailInput(email: string): string {
  const value = email.trim().toLowerCase();
  if (value.length > EMAIL_MAX_LENGTH || !EMAIL_SHAPE.test(value)) {
    throw invalid('email', 'The email address is not valid.');
  }
  return value;
}

/** The username as given, or `VALIDATION_FAILED`. */
export function checkUsername(username: string): string {
  if (!new RegExp(USERNAME_PATTERN).test(username)) {
    throw invalid(
      'username',
      'A username is 3 to 32 letters, digits, dots, underscores or hyphens.',
    );
  }
  return username;
}

/** The display name trimmed, or `VALIDATION_FAILED` when empty or too long. */
export function cleanName(name: string): string {
  const value = name.trim();
  if (!value || value.length > NAME_MAX_LENGTH) {
    throw invalid(
      'name',
      `A name is 1 to ${NAME_MAX_LENGTH} characters, not only spaces.`,
    );
  }
  return value;
}

function invalid(property: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, {details: {property}});
}
