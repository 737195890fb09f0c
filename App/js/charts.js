// The page's charts, drawn as SVG by this file alone. Each chart is a <figure> with a caption, an SVG that
// names what it shows (role="img" and a <title>), and the same numbers as a table under "Numbers" (the text
// alternative), so nothing is only in the picture.

import {h, svg} from './dom.js';
import {number} from './format.js';

const WIDTH = 340;

function scale(domainLow, domainHigh, rangeLow, rangeHigh) {
  const span = domainHigh - domainLow || 1;
  return (value) => rangeLow + ((value - domainLow) / span) * (rangeHigh - rangeLow);
}

function numbers(caption, header, rows) {
  return h('details', {class: 'numbers'},
    h('summary', {text: 'Numbers'}),
    h('div', {class: 'table-scroll'},
      h('table', {},
        h('caption', {class: 'status', text: caption}),
        h('thead', {}, h('tr', {}, header.map((name, i) => h('th', {class: i > 0 ? 'number' : undefined, scope: 'col', text: name})))),
        h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell, i) => h(i === 0 ? 'th' : 'td',
          i === 0 ? {scope: 'row', text: cell} : {class: 'number', text: cell}))))))));
}

function chartSVG(kind, height, description, ...children) {
  return chartOfWidth(WIDTH, kind, height, description, ...children);
}

function chartOfWidth(width, kind, height, description, ...children) {
  return svg('svg', {class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': description, 'data-chart': kind},
    svg('title', {text: description}), ...children);
}

/**
 * A histogram of a population: `bins` as the operation gives them ({low, high, count}), the patient's
 * `marker` value (optional) drawn as a line and its bar in the marker colour.
 */
export function histogram({title, bins, unit = '', marker = null, markerLabel = 'Patient'}) {
  const height = 150;
  const left = 34;
  const right = WIDTH - 10;
  const top = 18;
  const bottom = height - 28;
  const low = bins[0]?.low ?? 0;
  const high = bins[bins.length - 1]?.high ?? 1;
  const x = scale(low, high, left, right);
  const most = Math.max(1, ...bins.map((bin) => bin.count));
  const y = scale(0, most, bottom, top);
  const markerBin = marker === null ? -1 : bins.findIndex((bin, i) =>
    (marker >= bin.low || i === 0) && (marker < bin.high || i === bins.length - 1));
  const bars = bins.map((bin, i) => svg('rect', {
    class: i === markerBin ? 'bar bar-patient' : 'bar',
    x: x(bin.low) + 0.5, width: Math.max(1, x(bin.high) - x(bin.low) - 1),
    y: y(bin.count), height: bottom - y(bin.count),
  }));
  const children = [
    svg('line', {class: 'axis', x1: left, x2: right, y1: bottom, y2: bottom}),
    svg('line', {class: 'axis', x1: left, x2: left, y1: top, y2: bottom}),
    svg('text', {x: left - 4, y: top + 4, 'text-anchor': 'end', text: number(most)}),
    svg('text', {x: left - 4, y: bottom, 'text-anchor': 'end', text: '0'}),
    svg('text', {x: left, y: bottom + 14, 'text-anchor': 'start', text: number(low)}),
    svg('text', {x: right, y: bottom + 14, 'text-anchor': 'end', text: number(high)}),
    svg('text', {x: (left + right) / 2, y: bottom + 25, 'text-anchor': 'middle', text: unit ? `${unit} · patients per bar` : 'patients per bar'}),
    ...bars,
  ];
  if (marker !== null) {
    const mx = x(Math.min(Math.max(marker, low), high));
    children.push(svg('line', {class: 'marker', x1: mx, x2: mx, y1: top - 4, y2: bottom}),
      svg('text', {class: 'marker-label', x: mx, y: top - 7, 'text-anchor': mx > right - 40 ? 'end' : mx < left + 40 ? 'start' : 'middle',
        text: `${markerLabel}: ${number(marker)}`}));
  }
  const description = `${title}: histogram of ${bins.reduce((sum, bin) => sum + bin.count, 0)} patients`
    + (marker !== null ? `, ${markerLabel.toLowerCase()} at ${number(marker)}` : '');
  return h('figure', {},
    chartSVG('histogram', height, description, ...children),
    h('figcaption', {text: title}),
    numbers(title, ['From', 'To', 'Patients'], bins.map((bin) => [number(bin.low), number(bin.high), number(bin.count)])));
}

/**
 * A box plot of a population: `figures` {fifthPercentile?, firstQuartile, median, thirdQuartile,
 * ninetyFifthPercentile?, mean?}; whiskers only when the 5th and 95th percentiles are known. The patient's
 * `marker` value is drawn as a line.
 */
export function boxPlot({title, figures, unit = '', marker = null, markerLabel = 'Patient'}) {
  const height = 78;
  const left = 12;
  const right = WIDTH - 12;
  const mid = 34;
  const known = [figures.fifthPercentile, figures.firstQuartile, figures.median, figures.thirdQuartile,
    figures.ninetyFifthPercentile, marker].filter((value) => typeof value === 'number');
  let low = Math.min(...known);
  let high = Math.max(...known);
  const pad = (high - low) * 0.06 || Math.abs(high) * 0.1 || 1;
  low -= pad;
  high += pad;
  const x = scale(low, high, left, right);
  const children = [svg('line', {class: 'axis', x1: left, x2: right, y1: height - 24, y2: height - 24})];
  if (typeof figures.fifthPercentile === 'number' && typeof figures.ninetyFifthPercentile === 'number') {
    children.push(
      svg('line', {class: 'whisker', x1: x(figures.fifthPercentile), x2: x(figures.firstQuartile), y1: mid, y2: mid}),
      svg('line', {class: 'whisker', x1: x(figures.thirdQuartile), x2: x(figures.ninetyFifthPercentile), y1: mid, y2: mid}),
      svg('line', {class: 'whisker', x1: x(figures.fifthPercentile), x2: x(figures.fifthPercentile), y1: mid - 8, y2: mid + 8}),
      svg('line', {class: 'whisker', x1: x(figures.ninetyFifthPercentile), x2: x(figures.ninetyFifthPercentile), y1: mid - 8, y2: mid + 8}));
  }
  children.push(
    svg('rect', {class: 'box', x: x(figures.firstQuartile), y: mid - 13, height: 26,
      width: Math.max(1, x(figures.thirdQuartile) - x(figures.firstQuartile))}),
    svg('line', {class: 'median', x1: x(figures.median), x2: x(figures.median), y1: mid - 13, y2: mid + 13}),
    svg('text', {x: left, y: height - 10, 'text-anchor': 'start', text: number(Number(low.toPrecision(3)))}),
    svg('text', {x: right, y: height - 10, 'text-anchor': 'end', text: `${number(Number(high.toPrecision(3)))} ${unit}`.trim()}));
  if (marker !== null) {
    const mx = x(marker);
    children.push(svg('line', {class: 'marker', x1: mx, x2: mx, y1: mid - 22, y2: mid + 20}),
      svg('text', {class: 'marker-label', x: mx, y: 9, 'text-anchor': mx > right - 40 ? 'end' : mx < left + 40 ? 'start' : 'middle',
        text: `${markerLabel}: ${number(marker)}`}));
  }
  const rows = [
    ['5th percentile', figures.fifthPercentile], ['First quartile', figures.firstQuartile], ['Median', figures.median],
    ['Third quartile', figures.thirdQuartile], ['95th percentile', figures.ninetyFifthPercentile], ['Mean', figures.mean],
    [markerLabel, marker],
  ].filter(([, value]) => typeof value === 'number').map(([name, value]) => [name, `${number(value)} ${unit}`.trim()]);
  const description = `${title}: the middle half of patients from ${number(figures.firstQuartile)} to `
    + `${number(figures.thirdQuartile)} ${unit}, median ${number(figures.median)}`
    + (marker !== null ? `; ${markerLabel.toLowerCase()} at ${number(marker)}` : '');
  return h('figure', {},
    chartSVG('box-plot', height, description, ...children),
    h('figcaption', {text: title}),
    numbers(title, ['Figure', 'Value'], rows));
}

/** A line of scores 0–100 over time: `points` [{label, value|null}], null where there was no score. */
export function scoreLine({title, points}) {
  const width = 2 * WIDTH;
  const height = 190;
  const left = 30;
  const right = width - 12;
  const top = 12;
  const bottom = height - 36;
  const x = (i) => left + (points.length > 1 ? (i / (points.length - 1)) * (right - left) : (right - left) / 2);
  const y = scale(0, 100, bottom, top);
  const children = [];
  for (const tick of [0, 50, 100]) {
    children.push(svg('line', {class: 'axis', x1: left, x2: right, y1: y(tick), y2: y(tick), 'stroke-dasharray': tick ? '3 4' : undefined}),
      svg('text', {x: left - 5, y: y(tick) + 4, 'text-anchor': 'end', text: String(tick)}));
  }
  let run = [];
  const runs = [];
  points.forEach((point, i) => {
    if (point.value === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(`${x(i)},${y(point.value)}`);
  });
  if (run.length) runs.push(run);
  for (const line of runs) children.push(svg('polyline', {class: 'line', points: line.join(' ')}));
  points.forEach((point, i) => {
    children.push(point.value === null
      ? svg('circle', {class: 'gap', cx: x(i), cy: bottom, r: 3.5})
      : svg('circle', {class: 'point', cx: x(i), cy: y(point.value), r: 4}));
  });
  const first = points[0];
  const last = points[points.length - 1];
  if (first) children.push(svg('text', {x: x(0), y: bottom + 16, 'text-anchor': 'start', text: first.label}));
  if (last && points.length > 1) children.push(svg('text', {x: x(points.length - 1), y: bottom + 16, 'text-anchor': 'end', text: last.label}));
  children.push(svg('text', {x: (left + right) / 2, y: bottom + 30, 'text-anchor': 'middle', text: 'week ending (hollow: too little data)'}));
  const scored = points.filter((point) => point.value !== null);
  const description = `${title}: ${scored.length} of ${points.length} weeks with a score`
    + (scored.length ? `, from ${number(scored[0].value)} to ${number(scored[scored.length - 1].value)}` : '');
  return h('figure', {class: 'wide'},
    chartOfWidth(width, 'trend', height, description, ...children),
    h('figcaption', {text: title}),
    numbers(title, ['Week ending', 'Score'], points.map((point) => [point.label, point.value === null ? 'too little data' : number(point.value)])));
}
