// A FHIR Parameters resource (http://hl7.org/fhir/R4/parameters.html) as a plain object: each parameter's
// value (valueDecimal, valueQuantity, …) or, for one with parts, an object of its parts. Names that repeat
// in the operations' definitions (component, missing, bin) become arrays.

const REPEATING = new Set(['component', 'missing', 'bin']);

function valueOf(parameter) {
  if (parameter.part) return fromParts(parameter.part);
  if (parameter.resource) return parameter.resource;
  const key = Object.keys(parameter).find((name) => name.startsWith('value'));
  return key ? parameter[key] : undefined;
}

function fromParts(list) {
  const result = {};
  for (const parameter of list ?? []) {
    const value = valueOf(parameter);
    if (REPEATING.has(parameter.name)) (result[parameter.name] ??= []).push(value);
    else result[parameter.name] = value;
  }
  for (const name of REPEATING) result[name] ??= [];
  return result;
}

/** The parameters of `resource` as an object: `{score: 76, component: [{name: 'steps', …}], …}`. */
export function readParameters(resource) {
  if (resource?.resourceType !== 'Parameters') throw new Error('The server did not answer with a Parameters resource');
  return fromParts(resource.parameter);
}

/** A figure that is a Quantity in components and a plain number for scores, as a number. */
export function figure(value) {
  return typeof value === 'object' && value !== null ? value.value : value;
}
