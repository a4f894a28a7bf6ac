// Loaded at the top of <body> (a file, not inline script, so the Content-Security-Policy
// can refuse inline script): GOV.UK Frontend's styles for pages where JavaScript runs.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
