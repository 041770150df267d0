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
