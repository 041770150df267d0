import {Response} from '@loopback/rest';
import {escapeHtml} from '../mail/mail-templates';
import type {ConsentPageView} from './consent-decision.service';
import {sendOidcPage} from './oidc-pages';

/**
 * The consent page: the application's name (its owner chose it, so the
 * host it returns to is shown beside it, and whether the owner proved that
 * host), what it asks in plain words, and a form that posts the answer
 * with the one-time token. Like every page of the provider it runs no
 * script and cannot be framed (no clickjacking of the Allow button);
 * `form-action` admits the application's origin for the redirect that
 * follows the answer.
 */
export function sendConsentPage(
  response: Response,
  view: ConsentPageView,
): Response {
  const host = `<code>${escapeHtml(view.redirectHost)}</code>`;
  const proof = view.redirectVerified
    ? 'an address its owner has proved is theirs.'
    : 'Its owner has not proved that address is theirs: allow it only if you trust it.';
  const items = view.descriptions
    .map(line => `<li>${escapeHtml(line)}</li>`)
    .join('\n');
  return sendOidcPage(
    response,
    200,
    `Allow ${view.clientName}?`,
    `<p><strong>${escapeHtml(view.clientName)}</strong> will send you back to ${host}${view.redirectVerified ? ', ' : '. '}${proof}</p>
<p>It asks to:</p>
<ul>
${items}
</ul>
<p class="muted">Signed in as ${escapeHtml(view.account)}. You can take this back at any time on your account page, under “Applications you allowed”.</p>
<form method="post" action="/oauth/consent">
<input type="hidden" name="interaction" value="${escapeHtml(view.interaction)}">
<input type="hidden" name="consent_token" value="${escapeHtml(view.token)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`,
    `'self' ${view.redirectOrigin}`,
  );
}
