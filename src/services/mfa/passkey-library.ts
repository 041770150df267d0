import type * as SimpleWebAuthn from '@simplewebauthn/server';

let loaded: Promise<typeof SimpleWebAuthn> | undefined;

/**
 * @simplewebauthn/server, loaded at the first passkey ceremony rather than
 * at start: with its X.509, ASN.1 and CBOR dependencies it adds more than a
 * second to every start (and to every CLI run) that never sees a passkey.
 */
export function webauthnLibrary(): Promise<typeof SimpleWebAuthn> {
  loaded ??= import('@simplewebauthn/server');
  return loaded;
}
