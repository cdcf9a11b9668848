// Starts ReDoc on /redoc (an external script: the page's CSP allows no inline script).
"use strict";
(function () {
  var root = document.getElementById("redoc");
  Redoc.init(root.dataset.openapi, {}, root);
})();
