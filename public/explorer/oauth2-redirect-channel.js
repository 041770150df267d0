// The explorer's sign-in lands here, in the popup swagger-ui opened, with
// `?code=…&state=…&iss=…` (or `?error=…`). swagger-ui's own redirect page
// hands that to `window.opener`, but a sign-in that went through a
// provider's origin in the popup has no opener any more: the service's
// Cross-Origin-Opener-Policy (same-origin) severs it when the popup leaves
// the origin. A BroadcastChannel joins the pages of this origin whatever
// opened them, so the answer goes to the explorer (explorer.js) that way.
const channel = new BroadcastChannel('explorer-oauth2');
channel.postMessage(window.location.search);
channel.close();
// Keep the code out of the popup's history, in case it stays open.
window.history.replaceState(null, '', window.location.pathname);
document.getElementById('status').textContent =
  'Back to the API explorer: you may close this window.';
window.close();
