// The patient view (/app/patients/{id}): the score of Patient/{id}/$health-score and its period, each
// component (value in its unit, percentile, points, weight) against the population's distribution with the
// patient marked, what is missing and why, the score's trend over the last 12 weeks (one $health-score per
// week with asOf, remembered for the page's life) and the statistics' age. ?asOf= shows it all as of a day.

import {boxPlot, scoreLine} from './charts.js';
import {h, show} from './dom.js';
import {age, componentName, date, daysBefore, number, patientName, quantity, todayUTC, unitName} from './format.js';
import {readParameters} from './parameters.js';
import {componentCharts, loadPopulation} from './population-view.js';
import {facts, notice, pageLink, showError} from './views.js';

const TREND_WEEKS = 12;
/** Scores of past weeks, by server, patient and day: a past week's score changes only with late data. */
const trendCache = new Map();

function cell(value, field, text = number(value)) {
  return h('td', {class: 'number', 'data-field': field, 'data-value': value, text});
}

function componentTable(components) {
  return h('div', {}, h('p', {class: 'lead', id: 'components-help', text: 'Each component: the patient\'s value, where it '
    + 'falls in the population (percentile), the points it earns (0–100) and its weight in the score.'}),
  h('div', {class: 'table-scroll'}, h('table', {'data-testid': 'components', 'aria-describedby': 'components-help'},
    h('caption', {class: 'status', text: 'Score components'}),
    h('thead', {}, h('tr', {},
      h('th', {scope: 'col', text: 'Component'}), h('th', {scope: 'col', class: 'number', text: 'Value'}),
      h('th', {scope: 'col', class: 'number', text: 'Days'}), h('th', {scope: 'col', class: 'number', text: 'Percentile'}),
      h('th', {scope: 'col', class: 'number', text: 'Points'}), h('th', {scope: 'col', class: 'number', text: 'Weight'}))),
    h('tbody', {}, components.map((component) => h('tr', {'data-component': component.name},
      h('th', {scope: 'row', text: componentName(component.name)}),
      cell(component.value?.value, 'value', quantity(component.value)),
      cell(component.days, 'days'),
      cell(component.percentile, 'percentile'),
      cell(component.score, 'score'),
      cell(component.effectiveWeight, 'effectiveWeight',
        component.effectiveWeight === component.weight ? number(component.weight)
          : `${number(component.effectiveWeight)} (of ${number(component.weight)})`)))))));
}

function distributions(components, population) {
  return h('div', {class: 'grid', 'data-testid': 'patient-distributions'}, components.map((component) => {
    const marker = component.value?.value ?? null;
    const unit = unitName(component.value?.code);
    const name = componentName(component.name);
    const wide = population?.component.find((entry) => entry.name === component.name);
    const charts = wide
      ? componentCharts(wide, marker)
      : component.populationMedian
        ? [boxPlot({title: `${name}: the population's quartiles`, unit, marker, figures: {
          firstQuartile: component.populationFirstQuartile.value, median: component.populationMedian.value,
          thirdQuartile: component.populationThirdQuartile.value, mean: component.populationMean?.value}})]
        : [h('p', {class: 'status', text: 'The population is too small for its figures to be shown.'})];
    return h('div', {class: 'card', 'data-component': component.name},
      h('h3', {text: name}),
      h('p', {text: `${quantity(component.value)} · percentile ${number(component.percentile)} · ${number(component.score)} points`}),
      ...charts);
  }));
}

function missingList(missing) {
  if (!missing.length) return null;
  return h('section', {'data-testid': 'missing'},
    h('h2', {text: 'Not counted'}),
    h('p', {class: 'lead', text: 'These components had too little data in the period and were left out; the weights '
      + 'of the others were scaled up.'}),
    h('ul', {class: 'missing-list'}, missing.map((entry) => h('li', {'data-component': entry.name},
      h('strong', {text: componentName(entry.name)}), `: ${entry.reason}`))));
}

/** One `$health-score` per week ending on `asOf` and the 11 weeks before, oldest first; null where too little data. */
async function trendPoints(app, id, asOf) {
  const points = [];
  for (let week = TREND_WEEKS - 1; week >= 0; week -= 1) {
    const day = daysBefore(asOf, 7 * week);
    const key = `${app.client.base}|${id}|${day}`;
    if (!trendCache.has(key)) {
      try {
        trendCache.set(key, readParameters(await app.client.read(`Patient/${encodeURIComponent(id)}/$health-score`, {asOf: day})).score);
      } catch (error) {
        if (error.status !== 422) throw error;
        trendCache.set(key, null);
      }
      if (!app.isCurrent()) return null;
    }
    points.push({label: date(day), value: trendCache.get(key)});
  }
  return points;
}

async function trend(section, app, id) {
  show(section, h('h2', {text: 'The last 12 weeks'}), h('p', {class: 'status', role: 'status', text: 'Scoring each week…'}));
  try {
    const points = await trendPoints(app, id, app.asOf ?? todayUTC());
    if (!points) return;
    show(section, h('h2', {text: 'The last 12 weeks'}),
      h('p', {class: 'lead', text: 'The score as it stood at the end of each week (each over the 30 days before it).'}),
      h('div', {'data-testid': 'trend'}, scoreLine({title: 'Health score by week', points})));
  } catch (error) {
    showError(section, error, 'The trend could not be computed');
  }
}

export async function patientView(root, app, id) {
  document.title = `Patient ${id} · HealthGateway`;
  show(root, h('p', {class: 'status', role: 'status', text: 'Loading the patient…'}));
  const params = app.asOf ? {asOf: app.asOf} : {};
  const [patient, score, population] = await Promise.allSettled([
    app.client.read(`Patient/${encodeURIComponent(id)}`),
    app.client.read(`Patient/${encodeURIComponent(id)}/$health-score`, params).then(readParameters),
    loadPopulation(app),
  ]);
  if (!app.isCurrent()) return;
  if (patient.status === 'rejected') {
    showError(root, patient.reason, `Patient ${id} could not be shown`);
    return;
  }
  const heading = h('h1', {'data-testid': 'patient-name', text: patientName(patient.value)});
  const back = app.session?.patient ? null : h('p', {}, pageLink('/app/', app.asOf, '← All patients'));
  const trendSection = h('section', {'aria-label': 'Trend'});
  if (score.status === 'rejected') {
    if (score.reason.status !== 422) {
      const box = h('div');
      show(root, back, heading, box);
      showError(box, score.reason, 'The score could not be computed');
      return;
    }
    show(root, back, heading,
      h('section', {class: 'notice', role: 'note', 'data-testid': 'insufficient-data'},
        h('h2', {text: 'Not enough data for a score'}),
        h('ul', {}, score.reason.outcome?.issue?.map((issue) => h('li', {text: issue.diagnostics ?? issue.code})) ?? [])),
      trendSection);
    await trend(trendSection, app, id);
    return;
  }
  const result = score.value;
  const wide = population.status === 'fulfilled' ? population.value : null;
  show(root, back, heading,
    h('p', {class: 'lead', text: `Compared with everyone on this server, ${date(result.period?.start)} – ${date(result.period?.end)}.`}),
    facts([
      ['Health score (0–100)', number(result.score), {'data-testid': 'score', 'data-value': result.score, class: 'fact-value score-value'}],
      ['Period', `${date(result.period?.start)} – ${date(result.period?.end)}`, {'data-testid': 'period'}],
      ['Population', result.populationSize === undefined ? 'not shown' : `${result.populationSize} patients`],
      ['Statistics computed', age(result.statisticsAge?.value), {'data-testid': 'statistics-age'}],
    ]),
    h('h2', {text: 'What makes up the score'}),
    componentTable(result.component),
    missingList(result.missing),
    h('h2', {text: 'Against the population'}),
    wide === null && population.status === 'fulfilled'
      ? notice('Quartiles only', 'Your access covers your own record, so the population is shown by its quartiles.') : null,
    distributions(result.component, wide),
    trendSection);
  await trend(trendSection, app, id);
}
