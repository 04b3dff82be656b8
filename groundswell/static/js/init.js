// Start NHS.UK frontend's components (header menu, skip link, error summary focus).
import { initAll } from "/static/vendor/nhsuk/nhsuk-frontend.min.js";
initAll();
