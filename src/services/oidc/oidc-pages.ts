import {Response} from '@loopback/rest';
import {createHash} from 'node:crypto';
import {escapeHtml} from '../mail/mail-templates';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem 1rem;background:#f6f7f9;color:#1d2330}
main{max-width:32rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.3rem;margin-top:0}
code{background:#eef0f4;padding:.1rem .3rem;border-radius:4px}
button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #1f5fd1;background:#1f5fd1;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f5fd1;margin-left:.5rem}
.muted{color:#5b6475;font-size:.9rem}
`;
/** The CSP allows this one inline stylesheet by its hash, nothing else. */
const STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * A page of the OpenID Provider: no script, not framable, not cached; a
 * form only where `formAction` allows one. Its CSP replaces the page CSP
 * the security headers set.
 */
export function sendOidcPage(
  response: Response,
  status: number,
  title: string,
  body: string,
  formAction = "'none'",
): Response {
  response
    .status(status)
    .set('Content-Type', 'text/html; charset=utf-8')
    .set(
      'Content-Security-Policy',
      `default-src 'none'; style-src ${STYLE_SOURCE}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    )
    .set('Cache-Control', 'no-store').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`);
  return response;
}

/**
 * A refused authorization or logout request that cannot go back to the
 * application (its client or redirect URI is not trusted). The stable
 * `code` is in the page and in the `X-Error-Code` header, for scripts.
 */
export function sendOidcErrorPage(
  response: Response,
  status: number,
  code: string,
  message: string,
): Response {
  response.set('X-Error-Code', code);
  return sendOidcPage(
    response,
    status,
    'This sign-in request cannot be completed',
    `<p>${escapeHtml(message)}</p>
<p>Error code: <code>${escapeHtml(code)}</code></p>
<p>Return to the application you came from and try again. If it keeps
happening, tell the application's developers this code.</p>`,
  );
}

/** The answer to a logout with no registered place to return to. */
export function sendSignedOutPage(
  response: Response,
  signedOut: boolean,
): Response {
  return sendOidcPage(
    response,
    200,
    signedOut ? 'You are signed out' : 'You were not signed in',
    `<p>${
      signedOut
        ? 'You are signed out of the identity service and of the applications you signed in to through it.'
        : 'There was no sign-in of the identity service in this browser to end.'
    } You can close this window.</p>`,
  );
}

/**
 * Asks the person to confirm a logout no application vouched for (no
 * `id_token_hint`). The form posts back here; browsers check `form-action`
 * on the redirect that follows too, so the application's origin is allowed
 * when the logout returns there.
 */
export function sendLogoutConfirmationPage(
  response: Response,
  token: string,
  redirectOrigin: string | undefined,
): Response {
  return sendOidcPage(
    response,
    200,
    'Sign out?',
    `<p>An application asks to sign you out of the identity service, and of the
applications you signed in to through it in this browser.</p>
<form method="post" action="/oauth/end-session">
<input type="hidden" name="logout_confirmation" value="${escapeHtml(token)}">
<button type="submit">Sign out</button>
</form>
<p>If you did not ask to sign out, close this page: nothing changes.</p>`,
    redirectOrigin ? `'self' ${redirectOrigin}` : "'self'",
  );
}
