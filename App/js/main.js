// The score page's start and its routes: reads /app/config.json, gets a token first when the server has
// authorization on (smart.js), then shows /app/ (the population) or /app/patients/{id} (a patient), moving
// between them without reloading so the token stays in memory. ?asOf=YYYY-MM-DD shows everything as of
// that day. Any failure ends in an error state with the server's own message.

import {h, show} from './dom.js';
import {FHIRClient} from './fhir.js';
import {patientView} from './patient-view.js';
import {populationView} from './population-view.js';
import {accessToken, authorize, launchContext} from './smart.js';
import {showError} from './views.js';

const main = document.getElementById('main');
const sessionLine = document.getElementById('session');
let app = null;
let generation = 0;

function asOfOf(search) {
  const asOf = new URLSearchParams(search).get('asOf');
  if (asOf === null) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    throw new Error(`asOf must be a day like 2026-11-15, not '${asOf}'`);
  }
  return asOf;
}

async function render() {
  const mine = ++generation;
  const context = {...app, asOf: null, isCurrent: () => mine === generation};
  try {
    context.asOf = asOfOf(location.search);
    const path = location.pathname.replace(/\/+$/, '/');
    const patient = /^\/app\/patients\/([A-Za-z0-9\-.]{1,64})\/?$/.exec(location.pathname);
    if (patient) {
      await patientView(main, context, patient[1]);
    } else if (path === '/app/') {
      if (app.session?.patient) {
        navigate(`/app/patients/${encodeURIComponent(app.session.patient)}${location.search}`, true);
        return;
      }
      await populationView(main, context);
    } else {
      show(main, h('h1', {text: 'Not a page of this app'}), h('p', {}, h('a', {href: '/app/', 'data-route': true, text: 'Go to the population'})));
    }
  } catch (error) {
    if (mine === generation) showError(main, error);
  }
}

function navigate(href, replace = false) {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  main.focus({preventScroll: true});
  window.scrollTo(0, 0);
  render();
}

function followLinks(event) {
  const link = event.target.closest?.('a[data-route]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
}

async function start() {
  try {
    const response = await fetch('/app/config.json', {cache: 'no-store'});
    if (!response.ok) throw new Error(`The page's configuration could not be read (${response.status})`);
    const config = await response.json();
    let session = null;
    if (config.authorization === 'smart') {
      sessionLine.textContent = 'Signing in…';
      const returnTo = await authorize(config);
      session = launchContext();
      history.replaceState(null, '', returnTo || '/app/');
      sessionLine.textContent = session.patient ? `Signed in for patient ${session.patient}` : 'Signed in';
    } else {
      sessionLine.textContent = 'Open server: no sign-in';
    }
    app = {config, session, client: new FHIRClient(config.fhir_base, accessToken)};
    document.addEventListener('click', followLinks);
    window.addEventListener('popstate', render);
    await render();
  } catch (error) {
    sessionLine.textContent = '';
    showError(main, error, 'The page could not start');
  }
}

start();
