// Starts swagger-ui: LoopBack's explorer template did this in an inline
// script, which the explorer's Content-Security-Policy does not allow.
/* global SwaggerUIBundle, SwaggerUIStandalonePreset */
const root = document.getElementById('swagger-ui');
window.ui = SwaggerUIBundle({
  // LoopBack's explorer controller renders the document's URL into the page.
  url: root.dataset.specUrl,
  domNode: root,
  deepLinking: true,
  filter: true,
  defaultModelsExpandDepth: 0,
  defaultModelExpandDepth: 0,
  // The badge would load an image from swagger.io: the page requests
  // nothing from elsewhere.
  validatorUrl: null,
  presets: [
    SwaggerUIBundle.presets.apis,
    // The standalone preset without its top bar.
    SwaggerUIStandalonePreset.slice(1),
  ],
  plugins: [SwaggerUIBundle.plugins.DownloadUrl],
  layout: 'StandaloneLayout',
});
// The oauth2 scheme's one-click sign-in: the built-in public application
// `explorer` (EXPLORER_CLIENT_ID), whose registered redirect URI is
// swagger-ui's default, oauth2-redirect.html beside this page. No secret:
// PKCE proves the code's owner.
window.ui.initOAuth({
  clientId: 'explorer',
  usePkceWithAuthorizationCodeGrant: true,
  scopes: 'openid profile email',
});

// The redirect page's answer (oauth2-redirect-channel.js says why it comes
// over a channel), handled as swagger-ui's own redirect page would: the
// code goes back to swagger-ui, which exchanges it with its PKCE verifier.
// swagger-ui keeps the pending sign-in on window.swaggerUIRedirectOauth2;
// an answer with another state is another tab's sign-in.
new BroadcastChannel('explorer-oauth2').onmessage = ({data}) => {
  const pending = window.swaggerUIRedirectOauth2;
  if (!pending || !pending.state || typeof data !== 'string') return;
  const answer = new URLSearchParams(data);
  if (answer.get('state') !== pending.state) return;
  delete pending.state;
  const code = answer.get('code');
  if (code) {
    pending.auth.code = code;
    pending.callback({auth: pending.auth, redirectUrl: pending.redirectUrl});
    return;
  }
  const error = answer.get('error') || 'authorization failed';
  pending.errCb({
    authId: pending.auth.name,
    source: 'auth',
    level: 'error',
    message: `[${error}]: ${answer.get('error_description') || 'no code came back'}`,
  });
};
