// The Status of a posted SAML Response, read before anything else of it.

import {lazyModule} from '../../platform/lazy-module';
import {AppError} from '../../../errors';
import {ProviderDenied} from '../../providers/flows/provider-flow-redirect';

const xmldom = lazyModule(
  () => require('@xmldom/xmldom') as typeof import('@xmldom/xmldom'),
);

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';

/** Second-level statuses by which an IdP refuses the person (OAuth's access_denied). */
const DENIALS = new Set(
  ['AuthnFailed', 'RequestDenied', 'UnknownPrincipal'].map(s => STATUS + s),
);

/**
 * Why a posted SAMLResponse whose Status is not Success cannot sign in, or
 * undefined (Success, or no SAML Response at all: the other checks say so).
 * Such a response never signs in, whatever assertion it carries (node-saml
 * would still take a signed one); refusing needs no signature, as nobody
 * gains by a failure. An IdP refusing the person is `access_denied`; any
 * other status a PROVIDER_ERROR naming the status codes, never the IdP's
 * own words.
 */
export function statusRefusal(samlResponse: unknown): Error | undefined {
  if (typeof samlResponse !== 'string') return undefined;
  const status = statusCodes(samlResponse);
  if (!status || status[0] === `${STATUS}Success`) return undefined;
  if (status.slice(1).some(code => DENIALS.has(code))) {
    return new ProviderDenied('access_denied');
  }
  const names = status.map(code => /:([A-Za-z]{1,40})$/.exec(code)?.[1] ?? '?');
  return new AppError(
    'PROVIDER_ERROR',
    `The identity provider did not sign the person in (${names.join('/') || 'no status'}).`,
  );
}

/** The StatusCode values of a Response, outermost first; undefined when it is no Response. */
function statusCodes(samlResponse: string): string[] | undefined {
  const root = parse(Buffer.from(samlResponse, 'base64').toString('utf8'));
  if (root?.localName !== 'Response' || root.namespaceURI !== PROTOCOL) {
    return undefined;
  }
  const codes: string[] = [];
  let code = childNamed(childNamed(root, 'Status'), 'StatusCode');
  for (; code; code = childNamed(code, 'StatusCode')) {
    codes.push(code.getAttribute('Value') ?? '');
  }
  return codes;
}

/** The root element of `xml`; undefined when it is not well-formed XML. */
function parse(xml: string): Element | undefined {
  let failed = false;
  const fail = () => {
    failed = true;
  };
  try {
    const doc = new (xmldom().DOMParser)({
      errorHandler: {error: fail, fatalError: fail},
    }).parseFromString(xml, 'text/xml') as unknown as Document;
    return failed ? undefined : (doc.documentElement ?? undefined);
  } catch {
    return undefined;
  }
}

function childNamed(
  parent: Element | undefined,
  localName: string,
): Element | undefined {
  for (let node = parent?.firstChild; node; node = node.nextSibling) {
    const element = node as Element;
    if (element.localName === localName && element.namespaceURI === PROTOCOL) {
      return element;
    }
  }
  return undefined;
}
