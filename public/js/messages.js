// Turns the service's stable error codes into sentences a person
// understands. The service's own message is English for developers; the
// code is the contract, so the words are chosen here.

const WEAK_PASSWORD = {
  TOO_SHORT: 'That password is too short: use at least 8 characters.',
  TOO_LONG: 'That password is too long.',
  COMMON:
    'That password is one of the most common ones, so it is easy to guess. Choose another.',
  CONTAINS_ACCOUNT_NAME:
    'The password must not contain your email address, username or name.',
};

const MESSAGES = {
  NETWORK:
    'The service could not be reached. Check your connection and try again.',
  EMAIL_TAKEN:
    'An account with that email address already exists. Sign in instead, or reset its password.',
  USERNAME_TAKEN: 'That username is taken. Choose another one.',
  INVALID_CREDENTIALS:
    'That email, username or password is not right. Check them and try again.',
  EMAIL_NOT_VERIFIED:
    'Your email address is not verified yet. Open the link we mailed you, or ask for a new one.',
  ACCOUNT_EXISTS:
    'An account with the same email address already exists. Sign in with it first, then link this service from your account page.',
  IDENTITY_ALREADY_LINKED:
    'That account at the other service is already linked to a different user here. Sign in as that user to unlink it first.',
  LAST_LOGIN_METHOD:
    'You cannot unlink this account: it is the only way left to sign in. Set a password or link another service first.',
  VALIDATION_FAILED:
    'Some fields are missing or not valid. Check them and try again.',
  INVALID_REQUEST: 'The request was not valid. Reload the page and try again.',
  INVALID_EMAIL_TOKEN:
    'This link is not valid any more: it was used already or it expired. Ask for a new one.',
  INVALID_STATE:
    'The sign-in took too long or was started in another tab. Please start again.',
  INVALID_REDIRECT_URI:
    'This page is not registered to receive the sign-in answer.',
  PROVIDER_ERROR:
    'The other service did not answer as expected. Try again in a moment.',
  DIRECTORY_UNAVAILABLE:
    'The company directory cannot be reached right now, so the password cannot be checked. Try again in a few minutes.',
  SESSION_NOT_FOUND: 'That session has already ended.',
  CONSENT_NOT_FOUND:
    'That application no longer has your permission: it was revoked already.',
  FRESH_SIGN_IN_REQUIRED:
    'The application asks you to sign in again. Please sign in.',
  INVALID_CURRENT_PASSWORD:
    'Your current password is not right. Check it and try again.',
  MFA_REQUIRED:
    'Your account has two-step verification: confirm the sign-in with your second step.',
  INVALID_MFA_CODE:
    'That code is not right. Check it and try again: an authenticator app shows a new code every 30 seconds.',
  INVALID_MFA_TOKEN:
    'This sign-in took too long or was already finished. Please start again with your password.',
  INSUFFICIENT_USER_AUTHENTICATION:
    'For your security, confirm it’s you before this change.',
  FACTOR_NOT_FOUND:
    'That sign-in method is not on your account any more. It may have been removed already.',
  FACTOR_ALREADY_CONFIRMED: 'That authenticator app is already turned on.',
  FACTOR_UNREADABLE:
    'Your authenticator app can no longer be checked here (a problem on our side). Use one of your recovery codes, then remove the app and set it up again; or ask an administrator.',
  MFA_NOT_ENABLED:
    'Recovery codes come with two-step verification: set up an authenticator app or a passkey first.',
  FACTOR_LIMIT_REACHED:
    'Your account has the most sign-in methods it can hold (10). Remove one first.',
  PASSWORD_ALREADY_SET:
    'Your account has a password already. Reload the page to change it instead.',
  INVALID_PASSKEY:
    'The answer of your passkey could not be checked. Try again.',
  INVALID_PASSKEY_CHALLENGE: 'The passkey request took too long. Try again.',
  STEP_UP_CANCELLED: 'Nothing was changed.',
  // A passkey prompt, as the browser ends it (DOMException names).
  NotAllowedError:
    'The passkey request was cancelled or timed out. Try again when you are ready.',
  InvalidStateError:
    'A passkey of this device is already on your account. Use another device, or remove that passkey first.',
  SecurityError: 'Passkeys need a secure address: https, or http://localhost.',
  NOT_FOUND: 'That was not found. It may have been removed already.',
  ENTITY_NOT_FOUND: 'That was not found. It may have been removed already.',
  FORBIDDEN: 'You are not allowed to do that.',
  AUTHENTICATION_REQUIRED: 'Please sign in again.',
  INVALID_TOKEN: 'Please sign in again.',
  SESSION_ENDED:
    'You were signed out: this session was ended on another device or expired.',
  MAIL_UNAVAILABLE:
    'We could not send the mail right now. Try again in a few minutes.',
  SERVICE_UNAVAILABLE:
    'The service is busy or down for a moment. Try again shortly.',
  // OAuth (RFC 6749) codes, from the token endpoint and provider returns.
  invalid_grant: 'Your sign-in has ended. Please sign in again.',
  access_denied: 'The sign-in was cancelled at the other service.',
  server_error:
    'The sign-in failed at the other service. Try again in a moment.',
  temporarily_unavailable: 'The other service is busy. Try again in a moment.',
};

/** A sentence for an ApiError (or any error) a person can act on. */
export function describeError(err) {
  const code = err instanceof DOMException ? err.name : err?.code;
  if (code === 'WEAK_PASSWORD') {
    return (
      WEAK_PASSWORD[err.details?.reason] ??
      'That password is too weak. Choose a longer one.'
    );
  }
  if (code === 'RATE_LIMITED') {
    const wait = err.retryAfter ? waitFor(err.retryAfter) : 'a little while';
    return `Too many attempts. Please wait ${wait} and try again.`;
  }
  if (code && MESSAGES[code]) return MESSAGES[code];
  if (err?.status >= 500) {
    return 'Something went wrong on our side. Try again in a moment.';
  }
  return 'That did not work. Try again, or reload the page.';
}

/**
 * A sentence for a refused directory password (signing in or linking with
 * an LDAP / Active Directory entry); `label` names the directory.
 */
export function describeDirectoryError(err, label) {
  const sentences = {
    INVALID_CREDENTIALS: `That ${label} username or password is not right. Check them and try again. After several wrong tries, even the right password is refused for a few minutes.`,
    DIRECTORY_UNAVAILABLE: `${label} cannot be reached right now, so your password cannot be checked. Try again in a few minutes.`,
    PROVIDER_ERROR: `${label} did not answer as expected. Try again in a few minutes; if it keeps happening, tell your administrator.`,
    IDENTITY_ALREADY_LINKED: `That ${label} account is already linked to a different user here. Sign in as that user and unlink it there first.`,
    ACCOUNT_EXISTS: `An account here already has the email address of your ${label} account. Sign in to it another way first, then link ${label} from your account page.`,
  };
  if (err?.code === 'RATE_LIMITED') {
    const wait = err.retryAfter ? waitFor(err.retryAfter) : 'a little while';
    return `Too many password attempts came from your network. Please wait ${wait} and try again.`;
  }
  return sentences[err?.code] ?? describeError(err);
}

/**
 * A sentence for a provider's `?error=…&error_description=…` return;
 * `label` names the provider ("Google") where that helps.
 */
export function describeReturnError(code, description, label) {
  const upper = code?.toUpperCase();
  if (label && upper === 'ACCOUNT_EXISTS') {
    return `An account with the same email address already exists. Sign in with it first, then link ${label} from your account page.`;
  }
  if (label && upper === 'IDENTITY_ALREADY_LINKED') {
    return `That ${label} account is already linked to a different user here. Sign in as that user and unlink it there first, or link another ${label} account.`;
  }
  const known = MESSAGES[code] ?? MESSAGES[upper];
  if (known) return known;
  const detail = description ? ` (${description})` : '';
  return `Signing in with the other service did not work${detail}.`;
}

function waitFor(seconds) {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
