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
