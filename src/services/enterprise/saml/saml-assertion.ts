// What this service reads itself from an assertion node-saml has verified
// (the signed bytes only): who it is for, its names and how long it lives.

import {nonEmpty, parseXml} from './saml-messages';

const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

export interface AssertionFacts {
  /** The assertion's ID: the IdP issues each once. */
  readonly id?: string;
  /** The Recipient of each SubjectConfirmationData ('' when it has none). */
  readonly recipients: readonly string[];
  /** The Name of each Attribute. */
  readonly attributeNames: readonly string[];
  /** The latest NotOnOrAfter it names (Conditions, SubjectConfirmationData), in ms. */
  readonly notOnOrAfter?: number;
}

/** The facts of a verified assertion's XML; undefined when it is no Assertion. */
export function assertionFacts(
  assertionXml: string,
): AssertionFacts | undefined {
  const root = parseXml(assertionXml)?.documentElement;
  if (root?.localName !== 'Assertion' || root.namespaceURI !== ASSERTION) {
    return undefined;
  }
  const values = (element: string, attribute: string) => {
    const found = root.getElementsByTagNameNS(ASSERTION, element);
    const all: string[] = [];
    for (let i = 0; i < found.length; i++) {
      all.push(found.item(i)?.getAttribute(attribute) ?? '');
    }
    return all;
  };
  const times = [
    ...values('Conditions', 'NotOnOrAfter'),
    ...values('SubjectConfirmationData', 'NotOnOrAfter'),
  ]
    .map(text => Date.parse(text))
    .filter(Number.isFinite);
  const id = nonEmpty(root.getAttribute('ID'));
  return {
    ...(id ? {id} : {}),
    recipients: values('SubjectConfirmationData', 'Recipient'),
    attributeNames: values('Attribute', 'Name'),
    ...(times.length ? {notOnOrAfter: Math.max(...times)} : {}),
  };
}
