// The JSON API as the page uses it: the browser's session cookie authenticates, and every state-changing
// request carries the session's CSRF token in X-CSRF-Token (the token comes from GET /ui/api/session, never
// from the page's source). Errors come back as ApiError with the API's sentence, for showError() to put
// next to the control that caused them.

let csrfToken = '';
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function setCsrfToken(token) { csrfToken = token || ''; }
export function onSessionEnded(callback) { onSignedOut = callback; }

// api('POST', '/api/v1/syncs/x/start', {json: {...}}) or {body, contentType}. Resolves to the parsed JSON.
export async function api(method, path, options = {}) {
  const headers = {Accept: 'application/json'};
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers['Content-Type'] = options.contentType || 'text/plain; charset=utf-8';
    body = options.body;
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body, credentials: 'same-origin', cache: 'no-store'});
  } catch (e) {
    throw new ApiError(0, 'unreachable', `salesyncd did not answer (${e.message}). Is it running?`);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data && data.error ? data.error : {code: `http_${response.status}`, message: text || response.statusText};
    if (response.status === 401 && !path.startsWith('/ui/api/')) onSignedOut(error.message);
    throw new ApiError(response.status, error.code, error.message);
  }
  return data;
}

// Shows `error` in words in the element `target` (an .error element beside the form or button).
export function showError(target, error) {
  if (!target) return;
  const words = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  target.textContent = words;
}

export function clearError(target) {
  if (target) target.textContent = '';
}

// Runs `action` with `button` disabled meanwhile; an error goes to `errorTarget`. Resolves to the result or
// undefined after an error.
export async function withButton(button, errorTarget, action) {
  clearError(errorTarget);
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (e) {
    showError(errorTarget, e);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

export const enc = encodeURIComponent;
