// What every view shares: the error state (the server's OperationOutcome in its own words, never a blank
// page), notices, the labelled facts row and links that keep the page's ?asOf.

import {h, show} from './dom.js';
import {FHIRRequestError, outcomeText} from './fhir.js';

/** Shows `error` in `root`: what failed and, for a FHIR error, every issue of its OperationOutcome. */
export function showError(root, error, what = 'This page could not be shown') {
  const issues = error instanceof FHIRRequestError ? outcomeText(error.outcome).split('\n').filter(Boolean) : [];
  show(root, h('section', {class: 'error-box', role: 'alert', 'data-testid': 'error'},
    h('h2', {text: what}),
    issues.length
      ? h('ul', {}, issues.map((issue) => h('li', {text: issue})))
      : h('p', {text: error?.message ?? String(error)}),
    error instanceof FHIRRequestError && error.status ? h('p', {class: 'status', text: `HTTP ${error.status}`}) : null));
}

/** A row of labelled figures: [[label, value, attributes?], …]. */
export function facts(items) {
  return h('ul', {class: 'facts'}, items.map(([label, value, attributes = {}]) =>
    h('li', {class: 'fact'}, h('span', {class: 'fact-label', text: label}),
      h('span', {class: 'fact-value', ...attributes, text: value}))));
}

/** A link inside the page that keeps `?asOf` and is followed without reloading (the token stays in memory). */
export function pageLink(path, asOf, text, attributes = {}) {
  const href = asOf ? `${path}?asOf=${encodeURIComponent(asOf)}` : path;
  return h('a', {href, 'data-route': true, ...attributes, text});
}

export function notice(title, text) {
  return h('section', {class: 'notice', role: 'note'}, h('h2', {text: title}), h('p', {text}));
}
