// The HTTP layer: every call the page makes to the service goes through here,
// so each one carries `No-Auth-Challenge` (no Basic popup from the browser)
// and every failure becomes one ApiError with the service's stable code.

/** A failed call: `code` is the service's stable code (or the OAuth error). */
export class ApiError extends Error {
  constructor(status, code, message, extra = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = extra.details;
    this.retryAfter = extra.retryAfter;
  }
}

/**
 * Calls the service. `json` sends a JSON body, `form` a form-encoded one (the
 * OAuth token endpoint takes only that). `credentials: 'same-origin'` keeps
 * the cookies the answer sets. Resolves to the parsed body, or undefined for
 * an empty answer.
 */
export async function request(method, path, options = {}) {
  const headers = {Accept: 'application/json', 'No-Auth-Challenge': 'true'};
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  if (options.token) headers.Authorization = `Bearer ${options.token}`;

  let response;
  try {
    // The page authenticates with bearer tokens only, so cookies are left
    // out, except where a call asks for them: POST /link sets the cookie
    // that binds the link flow to this browser, POST /auth/login the device
    // cookie.
    const credentials = options.credentials ?? 'omit';
    response = await fetch(path, {method, headers, body, credentials});
  } catch {
    throw new ApiError(0, 'NETWORK', 'The service could not be reached.');
  }
  const text = await response.text();
  const data = text ? parseJson(text) : undefined;
  if (response.ok) return data;
  throw toApiError(response, data);
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(response, data) {
  const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
  const error = data?.error;
  // The token endpoint's refusal of a first factor alone: the same second
  // step as the REST API's MFA_REQUIRED, so callers handle one code.
  if (error === 'mfa_required') {
    return new ApiError(response.status, 'MFA_REQUIRED', '', {
      details: {mfaToken: data.mfa_token, methods: data.methods},
    });
  }
  // RFC 6749 §5.2 bodies (the token endpoint) carry the code as a string.
  if (typeof error === 'string') {
    return new ApiError(response.status, error, data.error_description ?? '', {
      retryAfter,
    });
  }
  const code = error?.code ?? `HTTP_${response.status}`;
  return new ApiError(response.status, code, error?.message ?? '', {
    details: error?.details,
    retryAfter,
  });
}
