// SMART App Launch 2, standalone launch (http://hl7.org/fhir/smart-app-launch/app-launch.html): the page is
// a public client using the authorization code grant with PKCE (S256, RFC 7636). Discovery from the FHIR
// server's .well-known/smart-configuration; the access token is kept in this module's memory only, never in
// storage or cookies (a reload asks the identity provider again). Only the PKCE verifier and the state live
// in sessionStorage, for the moment of the redirect, and are removed when the code is exchanged.

const PENDING = 'health-gateway.pkce';

let session = null;

/** The current access token, or null. */
export function accessToken() {
  return session?.accessToken ?? null;
}

/** The token response's launch context: `{patient, scope, expiresAt}`, or null before authorization. */
export function launchContext() {
  return session;
}

function base64url(bytes) {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(size) {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

async function discover(fhirBase) {
  const response = await fetch(`${fhirBase}/.well-known/smart-configuration`, {headers: {Accept: 'application/json'}});
  if (!response.ok) throw new Error(`The server's SMART configuration could not be read (${response.status})`);
  const configuration = await response.json();
  if (!configuration.authorization_endpoint || !configuration.token_endpoint) {
    throw new Error('The server requires authorization but names no authorization or token endpoint '
      + '(serve --auth-authorize-url and --auth-token-url)');
  }
  if (!(configuration.code_challenge_methods_supported ?? []).includes('S256')) {
    throw new Error('The server does not support PKCE with S256, which this page requires');
  }
  return configuration;
}

/** The redirect URI registered for the page: its own root, `<origin>/app/`. */
function redirectURI() {
  return `${location.origin}/app/`;
}

/**
 * Makes sure the page has a token: on the way back from the identity provider, exchanges the code (after
 * checking the state) and returns the path the user was on; otherwise sends the browser to the
 * authorization endpoint and never returns (the promise stays pending while the page unloads).
 */
export async function authorize(config) {
  const query = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  if (query.has('error')) {
    sessionStorage.removeItem(PENDING);
    throw new Error(`The identity provider refused: ${query.get('error_description') ?? query.get('error')}`);
  }
  if (query.has('code')) {
    sessionStorage.removeItem(PENDING);
    if (!pending || pending.state !== query.get('state')) {
      throw new Error('The answer of the identity provider does not match this page\'s request (state); please reload');
    }
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: redirectURI(),
      client_id: config.client_id,
      code_verifier: pending.verifier,
    });
    const response = await fetch(pending.tokenEndpoint, {
      method: 'POST',
      headers: {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'},
      body,
      credentials: 'omit',
    });
    const token = await response.json().catch(() => ({}));
    if (!response.ok || !token.access_token) {
      throw new Error(`The identity provider gave no token: ${token.error_description ?? token.error ?? response.status}`);
    }
    session = {
      accessToken: token.access_token,
      patient: token.patient ?? null,
      scope: token.scope ?? '',
      expiresAt: Date.now() + 1000 * (Number(token.expires_in) || 3600),
    };
    return pending.returnTo;
  }
  const configuration = await discover(config.fhir_base);
  const verifier = randomText(48);
  const state = randomText(24);
  sessionStorage.setItem(PENDING, JSON.stringify({
    state, verifier, tokenEndpoint: configuration.token_endpoint, returnTo: location.pathname + location.search,
  }));
  const authorizeURL = new URL(configuration.authorization_endpoint);
  const params = {
    response_type: 'code',
    client_id: config.client_id,
    redirect_uri: redirectURI(),
    scope: config.scope,
    state,
    aud: config.fhir_base,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) authorizeURL.searchParams.set(name, value);
  location.assign(authorizeURL.toString());
  return new Promise(() => {});
}
