// Readers of a SAML entry's IdP side and its PEM values, shared with the
// check of an application's own IdP (PUT /applications/{id}/credentials).

import {ProviderEntryReader} from './provider-entry-reader';
import type {EntryParseContext} from './provider-entry-parser';
import {SamlIdp} from './saml-entry';
import {
  asPem,
  certificateProblem,
  PemKind,
  privateKeyProblem,
  readPemFile,
} from './saml-pem';

/** The IdP: `entryPoint`, `cert`/`idpCert` (or their `…Path`), `idpIssuer`. */
export function readSamlIdp(
  read: ProviderEntryReader,
  ctx: Pick<EntryParseContext, 'baseDir'>,
): SamlIdp {
  const entryPoint = read.url('entryPoint', true) ?? '';
  if (entryPoint && !isSecureOrLoopback(entryPoint)) {
    read.problem('entryPoint', `must use https, got "${entryPoint}"`);
  }
  const idpIssuer = read.string('idpIssuer');
  return {
    entryPoint,
    idpCert: readIdpCerts(read, ctx),
    ...(idpIssuer ? {idpIssuer} : {}),
  };
}

/** `cert` / `idpCert`: one certificate or several (a rollover); required. */
function readIdpCerts(
  read: ProviderEntryReader,
  ctx: Pick<EntryParseContext, 'baseDir'>,
): string[] {
  const key = read.has('idpCert') ? 'idpCert' : 'cert';
  const pathKey = read.has('idpCertPath') ? 'idpCertPath' : 'certPath';
  const raw = read.value(key);
  let texts: string[] = [];
  if (typeof raw === 'string' && raw.trim()) texts = [raw];
  else if (Array.isArray(raw) && raw.every(c => typeof c === 'string')) {
    texts = raw as string[];
  } else if (raw !== undefined && raw !== null) {
    read.problem(key, 'must be a certificate or an array of certificates');
    return [];
  } else if (read.has(pathKey)) {
    const file = read.string(pathKey) ?? '';
    const text = readPemFile(ctx.baseDir, file);
    if (text === undefined) read.problem(pathKey, `cannot read ${file}`);
    texts = text ? [text] : [];
  }
  if (!texts.length && !read.has(pathKey)) {
    read.problem(
      'cert',
      "is missing: the IdP's signing certificate (responses are never accepted unsigned)",
    );
  }
  const pems = texts.map(t => asPem(t, 'CERTIFICATE'));
  pems.forEach((pem, i) => {
    const problem = certificateProblem(pem);
    if (problem) read.problem(pems.length > 1 ? `${key}[${i}]` : key, problem);
  });
  return pems;
}

/** The first of `keys` (or its `…Path` form) as PEM, checked; undefined when none is set. */
export function readSamlPem(
  read: ProviderEntryReader,
  ctx: Pick<EntryParseContext, 'baseDir'>,
  keys: readonly string[],
  kind: PemKind = 'PRIVATE KEY',
): string | undefined {
  for (const key of keys) {
    let text = read.string(key);
    let named = key;
    if (!text && read.has(`${key}Path`)) {
      named = `${key}Path`;
      const file = read.string(named) ?? '';
      text = readPemFile(ctx.baseDir, file);
      if (text === undefined) read.problem(named, `cannot read ${file}`);
    }
    if (!text) continue;
    const pem = asPem(text, kind);
    const problem =
      kind === 'CERTIFICATE' ? certificateProblem(pem) : privateKeyProblem(pem);
    if (problem) read.problem(named, problem);
    return pem;
  }
  return undefined;
}

function isSecureOrLoopback(url: string): boolean {
  const {protocol, hostname} = new URL(url);
  return (
    protocol === 'https:' ||
    ['localhost', '127.0.0.1', '[::1]'].includes(hostname)
  );
}
