// The check of a directory an application brings for an entry (PUT
// /applications/{id}/credentials/{name}): the readers of providers.json,
// with what an operator is only warned about refused, and nothing read from
// the service's disk.

import {LdapServer} from '../../config/ldap-entry';
import {readServer} from '../../config/ldap-entry-parser';
import {ProviderEntryReader} from '../../config/provider-entry-reader';
import {SamlIdp} from '../../config/saml-entry';
import {readSamlIdp} from '../../config/saml-entry-values';
import {certificateProblem} from '../../config/saml-pem';
import {AppError} from '../../errors';

const SAML_INPUT_KEYS = ['entryPoint', 'cert', 'idpCert', 'idpIssuer'];

/**
 * The body keys each kind of entry takes (OAuth 2 and OpenID Connect
 * entries under `oauth`), and how to say so.
 */
export const BODY_KEYS: Record<string, {keys: readonly string[]; say: string}> =
  {
    oauth1: {
      keys: ['consumerKey', 'consumerSecret', 'callbackURL'],
      say: 'consumerKey and consumerSecret',
    },
    saml: {keys: SAML_INPUT_KEYS, say: 'entryPoint, cert and idpIssuer'},
    ldap: {keys: ['server'], say: 'server'},
    oauth: {
      keys: ['clientID', 'clientSecret', 'callbackURL'],
      say: 'clientID and clientSecret',
    },
  };

/** `server.tlsOptions` keys an application may set (no `caFile`). */
const TLS_KEYS = new Set(['ca', 'rejectUnauthorized', 'servername']);

/**
 * The longest an application's server may hold a sign-in up, per
 * connection and per operation: a slow directory must not tie the
 * service's connections up for others.
 */
export const MAX_APPLICATION_LDAP_TIMEOUT_MS = 10_000;

/**
 * Paths are never taken from an application (they would read the
 * service's files); the readers see no path key, and this directory does
 * not exist should one slip through.
 */
const NO_FILES = '/nonexistent/application-input';

/**
 * The application's IdP: `entryPoint` (https, or http on loopback),
 * `cert` (or `idpCert`: PEM or bare base64, one or an array), `idpIssuer`.
 * Throws `VALIDATION_FAILED` naming each bad field.
 */
export function readSamlInput(input: Record<string, unknown>): SamlIdp {
  const problems: string[] = [];
  const read = new ProviderEntryReader(
    '',
    picked(input, SAML_INPUT_KEYS),
    problems,
  );
  const idp = readSamlIdp(read, {baseDir: NO_FILES});
  failOn(problems);
  return idp;
}

/**
 * The application's LDAP server, `server` as providers.json writes it, with
 * stricter rules: TLS always (ldaps:// or StartTLS, the certificate
 * checked), the CA given as PEM (`tlsOptions.ca`, never a file), no key the
 * service would ignore, timeouts of at most 10 s. Throws
 * `VALIDATION_FAILED` naming each bad field. `bindCredentials` is returned
 * in clear: the caller seals it.
 */
export function readLdapInput(input: Record<string, unknown>): LdapServer {
  if (input.server === undefined) failOn(['.server is missing']);
  const problems: string[] = [];
  const warnings: string[] = [];
  const server = readServer(
    new ProviderEntryReader(
      '',
      {server: withoutFiles(input.server, problems)},
      problems,
    ),
    {baseDir: NO_FILES, problems, warnings},
  );
  problems.push(...stricterProblems(server));
  // What an operator is warned about, an application is refused (once).
  const named = new Set(problems.map(fieldOf));
  problems.push(...warnings.filter(w => !named.has(fieldOf(w))));
  failOn(problems);
  return server;
}

/**
 * `server` with only the `tlsOptions` an application may set, each other
 * one a problem: `caFile` never reaches the reader, which would read it.
 */
function withoutFiles(raw: unknown, problems: string[]): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const {tlsOptions} = raw as {tlsOptions?: unknown};
  if (!tlsOptions || typeof tlsOptions !== 'object') return raw;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tlsOptions)) {
    if (TLS_KEYS.has(key)) kept[key] = value;
    else {
      problems.push(
        key === 'caFile'
          ? '.server.tlsOptions.caFile is not taken from an application: send the CA as tlsOptions.ca (PEM)'
          : `.server.tlsOptions.${key} is not used`,
      );
    }
  }
  return {...raw, tlsOptions: kept};
}

function stricterProblems(server: LdapServer): string[] {
  const problems: string[] = [];
  if (server.url.startsWith('ldap://') && !server.starttls) {
    problems.push(
      ".server.url must start with ldaps://, or set starttls: an application's directory is reached over TLS only",
    );
  }
  if (!server.tls.rejectUnauthorized) {
    problems.push(
      ".server.tlsOptions.rejectUnauthorized must stay true: the directory's certificate is always checked",
    );
  }
  (server.tls.ca ?? []).forEach((pem, i) => {
    const problem = certificateProblem(pem);
    if (problem) problems.push(`.server.tlsOptions.ca[${i}] ${problem}`);
  });
  for (const key of ['connectTimeout', 'timeout'] as const) {
    if (server[key] > MAX_APPLICATION_LDAP_TIMEOUT_MS) {
      problems.push(
        `.server.${key} must be at most ${MAX_APPLICATION_LDAP_TIMEOUT_MS} milliseconds`,
      );
    }
  }
  return problems;
}

function picked(
  input: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    keys.filter(k => input[k] !== undefined).map(k => [k, input[k]]),
  );
}

/**
 * `VALIDATION_FAILED` for the readers' problems (each `.field text`, the
 * reader's name being empty): the message lists them, `details` names
 * each field by its path in the body.
 */
function failOn(problems: readonly string[]): void {
  if (!problems.length) return;
  const texts = problems.map(p => p.replace(/^\./, ''));
  throw new AppError(
    'VALIDATION_FAILED',
    `Invalid directory settings: ${texts.join('; ')}.`,
    {
      details: texts.map(text => ({
        path: fieldOf(text),
        message: text.slice(fieldOf(text).length + 1),
      })),
    },
  );
}

/** `server.url` of `.server.url must …` (or of `server.url must …`). */
function fieldOf(problem: string): string {
  return problem.replace(/^\./, '').split(' ', 1)[0]!;
}
