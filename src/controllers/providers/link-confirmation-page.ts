import {Response} from '@loopback/rest';
import {createHash} from 'node:crypto';
import {LinkConfirmationPrompt} from '../../services/providers/linking/link-confirmation.service';
import {escapeHtml} from '../../services/mail/mail-templates';

/** Where the page's form posts the person's answer. */
export const LINK_CONFIRM_PATH = '/link/confirm';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem 1rem;background:#f6f7f9;color:#1d2330}
main{max-width:32rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.3rem;margin-top:0}
.warn{color:#7a4a00;background:#fff6e0;padding:.75rem;border-radius:6px}
.actions{display:flex;gap:.75rem;margin-top:1.25rem}
button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #aab;background:#fff;cursor:pointer}
button.primary{background:#1f5fd1;border-color:#1f5fd1;color:#fff}
`;
/** The CSP allows this one inline stylesheet by its hash, nothing else inline. */
const STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * Answers 200 with the confirmation page. Its CSP (which replaces the one
 * the security headers middleware set) keeps it from being framed
 * (clickjacking the "Link" button) and lets the form post only here; the
 * flow's redirect origin is allowed too because browsers check form-action
 * on the redirect after the post. X-Frame-Options, Referrer-Policy and
 * nosniff come from that middleware; no-store keeps the page out of caches.
 */
export function sendLinkConfirmationPage(
  response: Response,
  prompt: LinkConfirmationPrompt,
  ownOrigin: string,
): Response {
  const formAction =
    prompt.redirectOrigin === ownOrigin
      ? "'self'"
      : `'self' ${prompt.redirectOrigin}`;
  response
    .status(200)
    .set('Content-Type', 'text/html; charset=utf-8')
    .set(
      'Content-Security-Policy',
      `default-src 'none'; style-src ${STYLE_SOURCE}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    )
    .set('Cache-Control', 'no-store')
    .send(renderLinkConfirmationPage(prompt));
  return response;
}

/** The page itself; every value from a provider or a user is escaped. */
export function renderLinkConfirmationPage(
  prompt: LinkConfirmationPrompt,
): string {
  const provider = escapeHtml(prompt.provider);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Link your ${provider} account?</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Link your ${provider} account?</h1>
<p>Link the ${provider} account <strong>${escapeHtml(prompt.providerAccount)}</strong>
to the account <strong>${escapeHtml(prompt.targetAccount)}</strong>?</p>
<p class="warn">If you did not just ask to link ${provider} to this account, choose
Cancel: whoever owns that account could sign in with your ${provider} account.</p>
<form method="post" action="${LINK_CONFIRM_PATH}">
<input type="hidden" name="confirm_token" value="${escapeHtml(prompt.confirmToken)}">
<div class="actions">
<button class="primary" type="submit" name="decision" value="link">Link</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</div>
</form>
</main>
</body>
</html>
`;
}
