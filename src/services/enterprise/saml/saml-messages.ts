// Small readings of SAML messages the library leaves to its caller: the id
// of the AuthnRequest a redirect carries, and what a posted response says
// of itself before its signature is checked.

import {lazyModule} from '../../platform/lazy-module';
import {inflateRawSync} from 'node:zlib';

const xmldom = lazyModule(
  () => require('@xmldom/xmldom') as typeof import('@xmldom/xmldom'),
);

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const COMMENT_NODE = 8;

/** Parses XML without ever throwing; undefined when it is not XML. */
export function parseXml(xml: string): Document | undefined {
  let failed = false;
  const fail = () => {
    failed = true;
  };
  let doc: Document | undefined;
  try {
    doc = new (xmldom().DOMParser)({
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
  const root = parseXml(xml)?.documentElement;
  return nonEmpty(root?.getAttribute('ID'));
}

/** What the root of a posted SAMLResponse says of itself (unsigned facts). */
export interface ResponseHeader {
  readonly inResponseTo?: string;
  readonly destination?: string;
  /** The top-level StatusCode's Value. */
  readonly status?: string;
  /** Whether any comment is in the document: c14n leaves comments unsigned. */
  readonly comments: boolean;
}

/** The XML of a posted SAMLResponse (base64 of UTF-8, as node-saml reads it). */
export function responseText(samlResponse: string): string {
  return Buffer.from(samlResponse, 'base64').toString('utf8');
}

/** Whether `xml` declares a DTD (SAML forbids them: entities, XXE). */
export function hasDoctype(xml: string): boolean {
  return /<!DOCTYPE/i.test(xml);
}

/** The root Response's header facts; undefined when it is no Response. */
export function responseHeader(xml: string): ResponseHeader | undefined {
  const doc = parseXml(xml);
  const root = doc?.documentElement;
  if (root?.localName !== 'Response' || root.namespaceURI !== PROTOCOL) {
    return undefined;
  }
  const inResponseTo = nonEmpty(root.getAttribute('InResponseTo'));
  const destination = nonEmpty(root.getAttribute('Destination'));
  const status = nonEmpty(
    child(
      child(root, PROTOCOL, 'Status'),
      PROTOCOL,
      'StatusCode',
    )?.getAttribute('Value'),
  );
  return {
    ...(inResponseTo ? {inResponseTo} : {}),
    ...(destination ? {destination} : {}),
    ...(status ? {status} : {}),
    comments: hasComment(doc!),
  };
}

/** The first child element `ns:name` of `parent`. */
function child(
  parent: Element | undefined,
  ns: string,
  name: string,
): Element | undefined {
  for (let n = parent?.firstChild; n; n = n.nextSibling) {
    const el = n as Element;
    if (el.localName === name && el.namespaceURI === ns) return el;
  }
  return undefined;
}

/** Whether a comment node is anywhere in `doc` (iterative: no deep recursion). */
function hasComment(doc: Document): boolean {
  const pending: Node[] = [doc];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.nodeType === COMMENT_NODE) return true;
    for (let n = node.firstChild; n; n = n.nextSibling) pending.push(n);
  }
  return false;
}

/** An attribute's value, or undefined when it is absent or empty. */
export function nonEmpty(value: string | null | undefined): string | undefined {
  return value ? value : undefined;
}
