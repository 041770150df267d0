import type {TokenSigningAlg} from '../../config';
import {isS256Challenge} from '../tokens/pkce';
import {AuthorizeRedirectError} from './authorization-errors';
import {
  all,
  AuthorizationParams,
  repeatedNames,
  single,
} from './authorization-params';
import {isKnownScope} from './authorize-scopes';

export type Prompt = 'none' | 'login' | 'consent';
const PROMPTS: readonly string[] = ['none', 'login', 'consent'];

/** Longest `state`, `nonce` and `login_hint` kept (they travel in URLs). */
const MAX_ECHOED = 2048;
const MAX_HINT = 256;

/** A validated request of the authorization endpoint (code flow). */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  /** Scopes asked for, in order, without repeats (then those granted). */
  scopes: string[];
  nonce?: string;
  codeChallenge: string;
  prompt: Prompt[];
  /** Seconds; OpenID Connect Core §3.1.2.1. */
  maxAge?: number;
  loginHint?: string;
  /**
   * Acceptable `acr` values, any one of them (authorization-acr.ts): the
   * sign-in must reach one as far as the person's factors can.
   */
  acrValues?: string[];
  /** RFC 8707 resource indicators, passed on to the code. */
  resource: string[];
  /** The client's ID token algorithm, when it chose one. */
  idTokenAlg?: TokenSigningAlg;
}

/** The client's `state` to echo in an error: only when sent exactly once. */
export function echoedState(params: AuthorizationParams): string | undefined {
  const values = params.get('state');
  return values?.length === 1 && values[0] ? values[0] : undefined;
}

/**
 * Reads the request of a client whose `client_id` and `redirect_uri` were
 * checked. Every refusal is an AuthorizeRedirectError for that redirect URI.
 * A scope is known when OpenID Connect defines it or it is one of
 * `resourceScopes`, those of the resources the request names.
 */
export function readAuthorizationRequest(
  params: AuthorizationParams,
  client: {clientId: string; redirectUri: string; idTokenAlg?: TokenSigningAlg},
  resourceScopes: ReadonlySet<string> = new Set(),
): AuthorizationRequest {
  const repeated = repeatedNames(params);
  if (repeated.length) {
    throw invalid(`The ${repeated[0]} parameter is sent more than once.`);
  }
  refuseUnsupported(params);
  checkResponseType(params);
  const state = bounded(params, 'state', MAX_ECHOED);
  const nonce = bounded(params, 'nonce', MAX_ECHOED);
  const loginHint = bounded(params, 'login_hint', MAX_HINT);
  const acr = single(params, 'acr_values');
  return {
    ...client,
    ...(state ? {state} : {}),
    scopes: readScopes(single(params, 'scope'), resourceScopes),
    ...(nonce ? {nonce} : {}),
    codeChallenge: readChallenge(params),
    prompt: readPrompt(single(params, 'prompt')),
    ...readMaxAge(single(params, 'max_age')),
    ...(loginHint ? {loginHint} : {}),
    ...(acr ? {acrValues: acr.split(' ').filter(Boolean)} : {}),
    resource: readResources(all(params, 'resource')),
  };
}

/** OpenID Connect Core §6: request objects and dynamic registration are not served. */
function refuseUnsupported(params: AuthorizationParams): void {
  if (params.has('request')) {
    throw new AuthorizeRedirectError(
      'request_not_supported',
      'Request objects are not supported: send the parameters themselves.',
    );
  }
  if (params.has('request_uri')) {
    throw new AuthorizeRedirectError(
      'request_uri_not_supported',
      'request_uri is not supported: send the parameters themselves.',
    );
  }
  if (params.has('registration')) {
    throw new AuthorizeRedirectError(
      'registration_not_supported',
      'Register the client with POST /applications instead.',
    );
  }
}

function checkResponseType(params: AuthorizationParams): void {
  const responseType = single(params, 'response_type');
  if (!responseType) throw invalid('response_type is required.');
  if (responseType !== 'code') {
    throw new AuthorizeRedirectError(
      'unsupported_response_type',
      'Only response_type=code (the authorization code flow) is served.',
    );
  }
  const mode = single(params, 'response_mode');
  if (mode !== undefined && mode !== 'query') {
    throw invalid('Only response_mode=query is served.');
  }
}

function readChallenge(params: AuthorizationParams): string {
  const challenge = single(params, 'code_challenge');
  if (
    !challenge ||
    !isS256Challenge(challenge) ||
    single(params, 'code_challenge_method') !== 'S256'
  ) {
    throw invalid(
      'PKCE is required: send code_challenge with code_challenge_method=S256.',
    );
  }
  return challenge;
}

function readScopes(
  scope: string | undefined,
  resourceScopes: ReadonlySet<string>,
): string[] {
  const scopes = [...new Set((scope ?? '').split(' ').filter(Boolean))];
  const unknown = scopes.find(s => !isKnownScope(s) && !resourceScopes.has(s));
  if (unknown !== undefined) {
    throw new AuthorizeRedirectError(
      'invalid_scope',
      `Unknown scope ${JSON.stringify(unknown)}.`,
    );
  }
  return scopes;
}

function readPrompt(prompt: string | undefined): Prompt[] {
  const values = [...new Set((prompt ?? '').split(' ').filter(Boolean))];
  const unknown = values.find(v => !PROMPTS.includes(v));
  if (unknown !== undefined) {
    throw invalid(`Unsupported prompt value ${JSON.stringify(unknown)}.`);
  }
  if (values.includes('none') && values.length > 1) {
    throw invalid('prompt=none cannot be combined with another value.');
  }
  return values as Prompt[];
}

function readMaxAge(value: string | undefined): {maxAge?: number} {
  if (value === undefined) return {};
  if (!/^\d{1,10}$/.test(value)) {
    throw invalid('max_age must be a whole number of seconds.');
  }
  return {maxAge: Number(value)};
}

/** RFC 8707 §2: an absolute URI without a fragment. */
function readResources(values: string[]): string[] {
  for (const value of values) {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || value.includes('#')) {
      throw new AuthorizeRedirectError(
        'invalid_target',
        'Each resource must be an absolute URI without a fragment.',
      );
    }
  }
  return [...new Set(values)];
}

function bounded(
  params: AuthorizationParams,
  name: string,
  max: number,
): string | undefined {
  const value = single(params, name);
  if (value !== undefined && value.length > max) {
    throw invalid(`${name} is longer than ${max} characters.`);
  }
  return value;
}

function invalid(description: string): AuthorizeRedirectError {
  return new AuthorizeRedirectError('invalid_request', description);
}
