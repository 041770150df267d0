import {createHash} from 'node:crypto';

/** What the dialog carries from the authorization request to the decision. */
export interface DialogRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  appName: string;
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; background: #f0f2f5; color: #1c1e21; margin: 0; }
  main { max-width: 26rem; margin: 2rem auto; background: #fff; padding: 1.5rem;
    border-radius: 8px; box-shadow: 0 1px 3px rgb(0 0 0 / 20%); }
  h1 { font-size: 1.4rem; margin: 0 0 .5rem; color: #1459c8; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input[type=text], input[type=email] { box-sizing: border-box; width: 100%; font: inherit;
    padding: .5rem; border: 1px solid #8a8d91; border-radius: 6px; margin-top: .25rem; }
  .check { display: flex; gap: .5rem; align-items: flex-start; font-weight: 400; }
  .check input { margin-top: .35rem; }
  .hint { color: #4b4f56; font-size: .9rem; margin: .25rem 0 0; }
  .actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
  button { font: inherit; font-weight: 600; padding: .6rem 1.2rem; border-radius: 6px;
    border: 1px solid #8a8d91; background: #e4e6eb; color: #1c1e21; cursor: pointer; }
  button.allow { background: #1459c8; border-color: #1459c8; color: #fff; }
  button:focus-visible, input:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
`;

/** The one inline stylesheet, allowed by its hash rather than 'unsafe-inline'. */
const STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * The dialog's CSP: nothing loads but its stylesheet, no one may frame it,
 * and its form posts here, whose answer redirects to the app (browsers
 * check form-action on that redirect too).
 */
export function pageCsp(redirectUri: string): string {
  const app = new URL(redirectUri).origin;
  return `default-src 'none'; style-src ${STYLE_SOURCE}; form-action 'self' ${app}; frame-ancestors 'none'; base-uri 'none'`;
}

/**
 * The login dialog a person sees: who they are at "Facebook", and whether
 * the app may know it. Every value is escaped: it comes from the query.
 */
export function dialogPage(request: DialogRequest): string {
  const hidden = (name: string, value: string) =>
    `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in with Facebook (demo)</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Facebook (demo)</h1>
<p><strong>${escapeHtml(request.appName)}</strong> wants to know your name and email address.
This is a local stand-in for Facebook: type anyone you like. The same email
(or, without one, the same name) is the same Facebook account next time.</p>
<form method="post" action="/dialog/oauth/decision">
${hidden('client_id', request.clientId)}
${hidden('redirect_uri', request.redirectUri)}
${hidden('state', request.state)}
<label for="name">Name</label>
<input id="name" name="name" type="text" autocomplete="name" required autofocus>
<label for="email">Email <span class="hint">(optional)</span></label>
<input id="email" name="email" type="email" autocomplete="email">
<label class="check" for="verified">
<input id="verified" name="verified" type="checkbox" value="yes" checked>
<span>This email is confirmed at Facebook</span>
</label>
<p class="hint">Like the real Facebook, an unconfirmed email is not shared with the app.</p>
<div class="actions">
<button class="allow" type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</div>
</form>
</main>
</body>
</html>
`;
}

/** A plain page for a request the dialog cannot serve. */
export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Facebook (demo)</title><style>${STYLE}</style></head>
<body><main><h1>Facebook (demo)</h1><p>${escapeHtml(message)}</p></main></body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[
        c
      ] ?? c,
  );
}
