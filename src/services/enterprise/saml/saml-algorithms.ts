// The XML Signature algorithms a posted SAML response names, read before
// node-saml checks its signatures: xml-crypto still verifies SHA-1, and
// SHA-1 collisions are practical (SHAttered 2017, chosen-prefix 2020).

import type {SamlSettings} from '../../../config/saml-entry';
import {AppError} from '../../../errors';
import {lazyModule} from '../../platform/lazy-module';
import {parseXml, responseText} from './saml-messages';

const nodeSamlXml = lazyModule(
  () =>
    require('@node-saml/node-saml/lib/xml') as typeof import('@node-saml/node-saml/lib/xml'),
);

/** Signature and digest methods built on SHA-1 (XML Signature 1.1, RFC 6931). */
const SHA1 = new Set([
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#dsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#sha1',
]);

/** What the check needs of an entry. */
export type SignaturePolicy = Pick<
  SamlSettings,
  'signatureAlgorithm' | 'decryptionPvk'
>;

/**
 * PROVIDER_ERROR naming the SHA-1 algorithm a posted SAMLResponse is
 * signed or digested with, in the document or inside an EncryptedAssertion
 * this service can decrypt; undefined when there is none, or when the entry
 * opted in (`signatureAlgorithm: "sha1"`: an IdP that only speaks SHA-1).
 * A response that is no XML, or an assertion that does not decrypt, is left
 * to node-saml, which refuses it as any other bad response.
 */
export async function sha1Refusal(
  samlResponse: string,
  policy: SignaturePolicy,
): Promise<AppError | undefined> {
  if (policy.signatureAlgorithm === 'sha1') return undefined;
  const doc = parseXml(responseText(samlResponse));
  if (!doc) return undefined;
  const found = sha1Algorithms(doc);
  if (!found.length && policy.decryptionPvk) {
    for (const encrypted of elementsNamed(doc, 'EncryptedAssertion')) {
      const inner = await decrypted(encrypted, policy.decryptionPvk);
      if (inner) found.push(...sha1Algorithms(inner));
    }
  }
  if (!found.length) return undefined;
  return new AppError(
    'PROVIDER_ERROR',
    `The SAML response is signed with SHA-1 (${[...new Set(found)].join(', ')}): ask the identity provider to sign with RSA-SHA256, or accept SHA-1 for this entry (signatureAlgorithm "sha1").`,
  );
}

/**
 * The SHA-1 Algorithm of every SignatureMethod and of every signature
 * Reference's DigestMethod in `doc`, by local name whatever the namespace,
 * as xml-crypto finds them. An EncryptedKey's DigestMethod is RSA-OAEP's
 * mask hash, SHA-1 by default everywhere and no signature: it is left be.
 */
function sha1Algorithms(doc: Document): string[] {
  const digests = elementsNamed(doc, 'DigestMethod').filter(
    element =>
      (element.parentNode as Element | null)?.localName === 'Reference',
  );
  return [...elementsNamed(doc, 'SignatureMethod'), ...digests]
    .map(element => (element.getAttribute('Algorithm') ?? '').trim())
    .filter(algorithm => SHA1.has(algorithm));
}

function elementsNamed(doc: Document, localName: string): Element[] {
  const found = doc.getElementsByTagNameNS('*', localName);
  const all: Element[] = [];
  for (let i = 0; i < found.length; i++) all.push(found.item(i)!);
  return all;
}

/** The assertion node-saml would decrypt, as a document; undefined when it does not. */
async function decrypted(
  encrypted: Element,
  key: string,
): Promise<Document | undefined> {
  try {
    return parseXml(await nodeSamlXml().decryptXml(String(encrypted), key));
  } catch {
    return undefined;
  }
}
