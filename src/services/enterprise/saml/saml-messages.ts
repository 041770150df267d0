// Small readings of SAML messages the library leaves to its caller: the id
// of the AuthnRequest a redirect carries, and who a response is for.

import {DOMParser} from '@xmldom/xmldom';
import {inflateRawSync} from 'node:zlib';

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** Parses XML without ever throwing; undefined when it is not XML. */
function parse(xml: string): Document | undefined {
  let failed = false;
  const fail = () => {
    failed = true;
  };
  let doc: Document | undefined;
  try {
    doc = new DOMParser({
      errorHandler: {error: fail, fatalError: fail},
    }).parseFromString(xml, 'text/xml') as unknown as Document;
  } catch {
    return undefined;
  }
  return failed || !doc?.documentElement ? undefined : doc;
}

/** The ID of the AuthnRequest in an HTTP-Redirect URL's SAMLRequest. */
export function authnRequestId(redirectUrl: string): string | undefined {
  const encoded = new URL(redirectUrl).searchParams.get('SAMLRequest');
  if (!encoded) return undefined;
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const root = parse(xml)?.documentElement;
  return nonEmpty(root?.getAttribute('ID'));
}

/** What the root of a posted SAMLResponse says of itself (unsigned facts). */
export interface ResponseHeader {
  readonly inResponseTo?: string;
  readonly destination?: string;
}

/** The root Response's InResponseTo and Destination; undefined when it is no Response. */
export function responseHeader(
  samlResponse: string,
): ResponseHeader | undefined {
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  const root = parse(xml)?.documentElement;
  if (root?.localName !== 'Response' || root.namespaceURI !== PROTOCOL) {
    return undefined;
  }
  const inResponseTo = nonEmpty(root.getAttribute('InResponseTo'));
  const destination = nonEmpty(root.getAttribute('Destination'));
  return {
    ...(inResponseTo ? {inResponseTo} : {}),
    ...(destination ? {destination} : {}),
  };
}

/** The Recipient of each SubjectConfirmationData of a (verified) assertion. */
export function assertionRecipients(assertionXml: string): string[] {
  const doc = parse(assertionXml);
  if (!doc) return [];
  const data = doc.getElementsByTagNameNS(ASSERTION, 'SubjectConfirmationData');
  const recipients: string[] = [];
  for (let i = 0; i < data.length; i++) {
    recipients.push(data.item(i)?.getAttribute('Recipient') ?? '');
  }
  return recipients;
}

/** An attribute's value, or undefined when it is absent or empty. */
function nonEmpty(value: string | null | undefined): string | undefined {
  return value ? value : undefined;
}
