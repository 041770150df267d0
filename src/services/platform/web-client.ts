/**
 * The client id of the bundled web page; flows without client_id use it.
 * A platform constant (not the observer's that creates the application), so
 * every feature may name it without importing upward.
 */
export const WEB_CLIENT_ID = 'web';
