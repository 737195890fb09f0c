// How numbers, units, dates and ages read on the page. Values the operations return are shown as they
// come (the server rounds them), so the page shows exactly the API's figures.

const UNIT_NAMES = {
  '{steps}': 'steps', h: 'h', 'mg/dL': 'mg/dL', '/min': 'beats/min', 'kg/m2': 'kg/m²', 'mm[Hg]': 'mmHg', s: 's',
};

const COMPONENT_NAMES = {
  steps: 'Steps per day',
  sleep: 'Sleep per night',
  glucose: 'Fasting glucose',
  'resting-heart-rate': 'Resting heart rate',
  bmi: 'Body mass index',
  'blood-pressure': 'Systolic blood pressure',
};

/** A UCUM code as people read it. */
export function unitName(code) {
  return UNIT_NAMES[code] ?? code ?? '';
}

/** A component's name (`resting-heart-rate`) as people read it. */
export function componentName(name) {
  return COMPONENT_NAMES[name] ?? name;
}

/** A number as the API gave it; thousands separated for big ones (7017 stays 7017, 12500 reads 12,500). */
export function number(value) {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  return Math.abs(value) >= 10000 ? value.toLocaleString('en-US', {maximumFractionDigits: 6}) : String(value);
}

/** A quantity: value and unit. */
export function quantity(q) {
  if (!q) return '–';
  return `${number(q.value)} ${unitName(q.code ?? q.unit)}`.trim();
}

/** How long ago `seconds` is, in words. */
export function age(seconds) {
  if (seconds === undefined || seconds === null) return 'unknown';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

/** A FHIR date (2026-11-15) for reading: 15 Nov 2026. */
export function date(text) {
  if (!text) return '–';
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return text;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'});
}

/** A patient's name from a FHIR Patient: the official (or first) name's given and family names. */
export function patientName(patient) {
  const names = patient?.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return `Patient ${patient?.id ?? ''}`.trim();
  return name.text ?? [...(name.given ?? []), name.family].filter(Boolean).join(' ');
}

/** The date `days` days before `text` (YYYY-MM-DD), as YYYY-MM-DD. */
export function daysBefore(text, days) {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/** Today in UTC, as YYYY-MM-DD: the operations' default `asOf`. */
export function todayUTC() {
  return new Date().toISOString().slice(0, 10);
}
