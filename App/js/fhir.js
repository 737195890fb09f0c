// The page's FHIR client: JSON reads from the gateway's FHIR API (http://hl7.org/fhir/R4/http.html), with
// the bearer token when there is one. A 429 or 503 with Retry-After is tried again (a few times, waiting
// what the server asks, at most 20 s each); any other error becomes a FHIRRequestError that carries the
// OperationOutcome, so the page can show the server's own words.

/** An answer other than 2xx, with the OperationOutcome that came with it (when one did). */
export class FHIRRequestError extends Error {
  constructor(status, outcome, url) {
    super(outcomeText(outcome) || `The server answered ${status} for ${url}`);
    this.name = 'FHIRRequestError';
    this.status = status;
    this.outcome = outcome;
    this.url = url;
  }
}

/** The diagnostics (or details) of every issue of an OperationOutcome, one per line. */
export function outcomeText(outcome) {
  if (!outcome || outcome.resourceType !== 'OperationOutcome') return '';
  return (outcome.issue ?? [])
    .map((issue) => issue.diagnostics ?? issue.details?.text ?? issue.code)
    .filter(Boolean)
    .join('\n');
}

export class FHIRClient {
  /** `base`: the FHIR base URL; `token`: a function giving the access token, or null without authorization. */
  constructor(base, token = () => null) {
    this.base = base.replace(/\/+$/, '');
    this.token = token;
  }

  /** The URL of `path` (`Patient/1`, or an absolute URL such as a Bundle's next link) with `params`. */
  url(path, params = {}) {
    const url = new URL(/^https?:/.test(path) ? path : `${this.base}/${path}`);
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
    }
    return url.toString();
  }

  /** GETs a resource (or operation) as JSON. */
  async read(path, params = {}) {
    const url = this.url(path, params);
    for (let attempt = 0; ; attempt += 1) {
      const headers = {Accept: 'application/fhir+json'};
      const token = this.token();
      if (token) headers.Authorization = `Bearer ${token}`;
      let response;
      try {
        response = await fetch(url, {headers, credentials: 'omit', cache: 'no-store'});
      } catch (error) {
        throw new FHIRRequestError(0, null, `${url} (${error.message}: is the server running?)`);
      }
      const retryAfter = response.headers.get('Retry-After');
      if ((response.status === 503 || response.status === 429) && attempt < 4 && /^\d+$/.test(retryAfter ?? '')) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(Number(retryAfter), 1), 20) * 1000));
        continue;
      }
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new FHIRRequestError(response.status, body, url);
      return body;
    }
  }
}
