// Starts Swagger UI on /api/docs with the settings jiuye/api/docs.py gives (as django-ninja's own page does), adding
// the CSRF token to the requests tried from the page so that session-authenticated endpoints answer.
(function () {
  "use strict";
  const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  const csrfToken = document.body.dataset.csrfToken;
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  settings.requestInterceptor = (request) => {
    if (csrfToken) request.headers["X-CSRFToken"] = csrfToken;
    return request;
  };
  window.ui = SwaggerUIBundle(settings);
})();
