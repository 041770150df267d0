// PEM certificates and keys of SAML entries: LoopBack 3 files often hold a
// certificate's base64 body alone, or name a file (`…Path`).

import fs from 'node:fs';
import path from 'node:path';
import {createPrivateKey, X509Certificate} from 'node:crypto';

export type PemKind = 'CERTIFICATE' | 'PRIVATE KEY';

/** `text` as PEM: a bare base64 body gets the header and line breaks. */
export function asPem(text: string, kind: PemKind): string {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) return `${trimmed}\n`;
  const body = trimmed.replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${kind}-----\n${lines.join('\n')}\n-----END ${kind}-----\n`;
}

/** Why `pem` is not a usable certificate, or undefined. */
export function certificateProblem(pem: string): string | undefined {
  try {
    new X509Certificate(pem);
    return undefined;
  } catch {
    return 'is not a PEM or base64 X.509 certificate';
  }
}

/** Why `pem` is not a usable private key, or undefined. */
export function privateKeyProblem(pem: string): string | undefined {
  try {
    createPrivateKey(pem);
    return undefined;
  } catch {
    return 'is not a PEM private key';
  }
}

/** A file's text, relative to providers.json's directory; undefined when unreadable. */
export function readPemFile(baseDir: string, file: string): string | undefined {
  try {
    return fs.readFileSync(path.resolve(baseDir, file), 'utf8');
  } catch {
    return undefined;
  }
}
