// Starts GOV.UK Frontend's components (a module file: no inline script under the CSP).
import { initAll } from "../govuk-frontend.min.js";

initAll();
