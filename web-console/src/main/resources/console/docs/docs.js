// The API reference: Swagger UI over the contract served beside this page. "Try it out" sends the key
// given in "Authorize" (or the one this tab's dashboard holds) in the x-api-key header, never in a URL.
'use strict';

window.addEventListener('load', () => {
  const ui = SwaggerUIBundle({
    url: 'openapi.yaml',
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: false,
    validatorUrl: null, // never ask a public validator: the reference works offline
    persistAuthorization: false, // the key is not written to localStorage
    supportedSubmitMethods: ['get', 'post'],
    onComplete: () => {
      const key = sessionStorage.getItem('recorder.apiKey');
      if (key) {
        ui.preauthorizeApiKey('apiKey', key);
      }
      document.body.dataset.loaded = 'true';
    },
  });
  window.ui = ui;
});
