// The population view (/app/): the population behind the scores (Patient/$health-score-population: its
// size, the statistics' age, the distribution of scores and of each measure) and a patient finder
// (Patient?name= as you type, following the Bundle's next links for more).

import {boxPlot, histogram} from './charts.js';
import {h, show} from './dom.js';
import {age, componentName, date, patientName, unitName} from './format.js';
import {figure, readParameters} from './parameters.js';
import {facts, notice, pageLink, showError} from './views.js';

const PAGE_SIZE = 10;

function figuresOf(distribution) {
  const names = ['minimum', 'fifthPercentile', 'firstQuartile', 'median', 'thirdQuartile', 'ninetyFifthPercentile', 'maximum', 'mean'];
  return Object.fromEntries(names.map((name) => [name, figure(distribution[name])]));
}

function binsOf(distribution) {
  return distribution.bin.map((bin) => ({low: figure(bin.low), high: figure(bin.high), count: bin.count}));
}

/** The distribution charts of one component of `$health-score-population`, with an optional patient marker. */
export function componentCharts(component, marker = null) {
  const unit = unitName(component.minimum?.code);
  const name = componentName(component.name);
  return [
    histogram({title: `${name}: patients by value (${unit})`, bins: binsOf(component), unit, marker}),
    boxPlot({title: `${name}: 5th, 25th, 50th, 75th and 95th percentiles`, figures: figuresOf(component), unit, marker}),
  ];
}

/** Whether the token's scopes could reach every patient's Observations (user/ or system/ ones); a patient's
 * launch (patient/ scopes alone) cannot, so the page does not ask. */
function mayReachEveryone(session) {
  if (!session) return true;
  return session.scope.split(/\s+/).some((scope) => /^(user|system)\/(Observation|\*)\./.test(scope));
}

/** The population's figures for the page's period, or null when the caller's access does not cover them. */
export async function loadPopulation(app) {
  if (!mayReachEveryone(app.session)) return null;
  try {
    return readParameters(await app.client.read('Patient/$health-score-population', app.asOf ? {asOf: app.asOf} : {}));
  } catch (error) {
    if (error.status === 403) return null;
    throw error;
  }
}

function statistics(section, population) {
  const period = population.period ?? {};
  const scores = population.score;
  show(section,
    h('h2', {id: 'population-heading', text: 'The population'}),
    facts([
      ['Patients', String(population.populationSize), {'data-testid': 'population-size'}],
      ['Period', `${date(period.start)} – ${date(period.end)}`],
      ['Median score', scores ? String(scores.median) : '–', {'data-testid': 'median-score'}],
      ['Statistics computed', age(population.statisticsAge?.value), {'data-testid': 'statistics-age'}],
    ]),
    scores
      ? h('div', {class: 'card', 'data-testid': 'score-distribution'},
        h('h3', {text: 'Scores'}),
        h('div', {class: 'pair'},
          histogram({title: 'Patients by health score (0–100)', bins: binsOf(scores), unit: 'score'}),
          boxPlot({title: 'Scores: 5th, 25th, 50th, 75th and 95th percentiles', figures: figuresOf(scores), unit: ''})))
      : h('p', {class: 'status', text: 'No patient has a score for this period.'}),
    h('h2', {text: 'Each measure'}),
    h('p', {class: 'lead', text: 'Every patient\'s value for the period (a day\'s readings reduced as the score does), '
      + 'one bar per range of values; the box plot marks the middle half of patients.'}),
    h('div', {class: 'grid', 'data-testid': 'component-distributions'}, population.component.map((component) =>
      h('div', {class: 'card', 'data-component': component.name},
        h('h3', {text: componentName(component.name)}),
        h('p', {class: 'status', text: `${component.size} patients · LOINC ${component.code?.code ?? ''}`}),
        ...componentCharts(component)))));
}

function finder(section, app) {
  const input = h('input', {id: 'patient-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'A given or family name', 'aria-describedby': 'patient-search-help'});
  const results = h('ul', {class: 'patient-list', id: 'patient-results', 'aria-live': 'polite'});
  const summary = h('p', {class: 'status', role: 'status'});
  const more = h('button', {type: 'button', hidden: true, text: 'More patients'});
  let generation = 0;
  let next = null;

  function add(bundle) {
    for (const entry of bundle.entry ?? []) {
      const patient = entry.resource;
      if (patient?.resourceType !== 'Patient') continue;
      results.append(h('li', {'data-patient': patient.id},
        pageLink(`/app/patients/${encodeURIComponent(patient.id)}`, app.asOf, patientName(patient)),
        h('span', {class: 'meta', text: [patient.gender, patient.birthDate && `born ${date(patient.birthDate)}`].filter(Boolean).join(' · ')})));
    }
    next = (bundle.link ?? []).find((link) => link.relation === 'next')?.url ?? null;
    more.hidden = !next;
    const shown = results.children.length;
    summary.textContent = shown === 0 ? 'No patient matches.'
      : typeof bundle.total === 'number' ? `${shown} of ${bundle.total} patients` : `${shown} patients`;
  }

  async function search() {
    const mine = ++generation;
    const name = input.value.trim();
    summary.textContent = 'Searching…';
    try {
      const bundle = await app.client.read('Patient', {name, _count: PAGE_SIZE, _total: 'accurate'});
      if (mine !== generation || !app.isCurrent()) return;
      results.replaceChildren();
      add(bundle);
    } catch (error) {
      if (mine !== generation) return;
      results.replaceChildren();
      more.hidden = true;
      summary.textContent = '';
      showError(results.appendChild(h('li')), error, 'The search failed');
    }
  }

  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  more.addEventListener('click', async () => {
    if (!next) return;
    const mine = generation;
    more.disabled = true;
    try {
      const bundle = await app.client.read(next);
      if (mine === generation) add(bundle);
    } catch (error) {
      showError(results.appendChild(h('li')), error, 'The next page could not be read');
    } finally {
      more.disabled = false;
    }
  });
  show(section,
    h('h2', {text: 'Find a patient'}),
    h('div', {class: 'finder'},
      h('label', {for: 'patient-search', text: 'Name'}),
      input,
      h('span', {id: 'patient-search-help', class: 'status', text: 'Results appear as you type (FHIR Patient?name=).'})),
    summary, results, more);
  return search();
}

export async function populationView(root, app) {
  document.title = 'Population · HealthGateway';
  const figures = h('section', {'aria-labelledby': 'population-heading'}, h('p', {class: 'status', role: 'status', text: 'Loading the population…'}));
  const search = h('section', {'aria-label': 'Find a patient'});
  show(root,
    h('h1', {text: 'Health scores'}),
    h('p', {class: 'lead', text: 'Where the patients on this server stand' + (app.asOf ? `, as of ${date(app.asOf)}.` : '.')}),
    search, figures);
  const [population] = await Promise.all([
    loadPopulation(app).catch((error) => ({error})),
    finder(search, app),
  ]);
  if (!app.isCurrent()) return;
  if (population === null) {
    show(figures, notice('Population figures need wider access',
      'Your sign-in covers your own record; the population\'s distribution is shown to apps with access to every patient.'));
  } else if (population.error) {
    showError(figures, population.error, 'The population figures could not be read');
  } else {
    statistics(figures, population);
  }
}
