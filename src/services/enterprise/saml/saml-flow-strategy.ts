import type {Request} from '@loopback/rest';
import {Strategy} from 'passport-strategy';
import {AppError} from '../../../errors';
import {flowStateOf} from '../../providers/flows/flow-state';
import {ProviderDenied} from '../../providers/flows/provider-flow-redirect';
import {authnRequestId, responseHeader} from './saml-messages';

/** The flow session key holding the id of the AuthnRequest this flow sent. */
export const SAML_REQUEST_ID = 'saml:request_id';

type Actions = Pick<
  Strategy,
  'success' | 'fail' | 'redirect' | 'pass' | 'error'
>;

/**
 * A SAML strategy run inside the service's browser flow. Out: the flow's
 * handle is the RelayState, and the AuthnRequest's id is kept in the flow.
 * Back: only an HTTP-POST `SAMLResponse` is read (never a query, which
 * node-saml would take for a logout message), its Destination must be this
 * service's ACS when present, and it must answer the very request this flow
 * sent (InResponseTo), so an unsolicited or replayed response never signs in.
 */
export class SamlFlowStrategy extends Strategy {
  constructor(
    readonly name: string,
    private inner: Strategy,
    private acs: string,
  ) {
    super();
  }

  override authenticate(req: Request, options?: object): void {
    const flow = flowStateOf(req);
    if (!flow) return this.error(new Error('No provider flow on this request'));
    const actions = this as unknown as Actions;
    // The leg is the flow's, not the request's: a link starts with a POST
    // (POST /link/{name}), and a flow is on its way back once it has sent
    // its AuthnRequest.
    if (flow.session[SAML_REQUEST_ID] === undefined) {
      return this.run(view(req, {RelayState: flow.handle}, {}), options, {
        success: actions.success,
        fail: actions.fail,
        pass: actions.pass,
        error: actions.error,
        redirect: (url: string, status?: number) => {
          const id = authnRequestId(url);
          if (!id) return actions.error(new Error('No AuthnRequest id'));
          flow.session[SAML_REQUEST_ID] = id;
          actions.redirect(url, status);
        },
      });
    }
    const form = (req.body ?? {}) as Record<string, unknown>;
    const refusal = responseRefusal(
      form.SAMLResponse,
      flow.session[SAML_REQUEST_ID],
      this.acs,
    );
    if (refusal) return actions.error(refusal);
    const body = {SAMLResponse: form.SAMLResponse, RelayState: flow.handle};
    this.run(view(req, {}, body), options, actions);
  }

  /** Runs the library's strategy with `actions` as its outcomes. */
  private run(req: Request, options: object | undefined, actions: Actions) {
    const delegate = Object.create(this.inner) as Strategy &
      Record<string, unknown>;
    for (const name of OUTCOMES) {
      const outcome = actions[name] as unknown;
      if (typeof outcome === 'function') {
        delegate[name] = (...args: unknown[]) => outcome.apply(this, args);
      }
    }
    delegate.authenticate(req, {...options});
  }
}

const OUTCOMES = ['success', 'fail', 'redirect', 'pass', 'error'] as const;

/** Why a posted SAMLResponse cannot sign this flow in, or undefined. */
function responseRefusal(
  samlResponse: unknown,
  requestId: unknown,
  acs: string,
): Error | undefined {
  const problem = (message: string) => new AppError('PROVIDER_ERROR', message);
  if (typeof samlResponse !== 'string' || !samlResponse) {
    return problem('The identity provider sent no SAMLResponse.');
  }
  const header = responseHeader(samlResponse);
  if (!header) return problem('The identity provider sent no SAML Response.');
  if (!header.inResponseTo || header.inResponseTo !== requestId) {
    return problem(
      'The SAML response does not answer this sign-in (InResponseTo).',
    );
  }
  if (header.destination && header.destination !== acs) {
    return problem('The SAML response is for another service (Destination).');
  }
  return statusRefusal(header.status);
}

const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';

/** Second-level statuses by which an IdP refuses the person (OAuth's access_denied). */
const DENIALS = new Set(
  ['AuthnFailed', 'RequestDenied', 'UnknownPrincipal'].map(s => STATUS + s),
);

/**
 * A response whose status is not Success never signs in, whatever
 * assertion it carries (node-saml would still take a signed one). Refusing
 * needs no signature: an attacker gains nothing by a failure.
 */
function statusRefusal(status: readonly string[]): Error | undefined {
  if (status[0] === `${STATUS}Success`) return undefined;
  if (status.slice(1).some(code => DENIALS.has(code))) {
    return new ProviderDenied('access_denied');
  }
  // Only the codes' names: the IdP's own words never reach the client.
  const names = status.map(code => /:([A-Za-z]{1,40})$/.exec(code)?.[1] ?? '?');
  return new AppError(
    'PROVIDER_ERROR',
    `The identity provider did not sign the person in (${names.join('/') || 'no status'}).`,
  );
}

/** `req` with only the given query and body: nothing else reaches the library. */
function view(
  req: Request,
  query: Record<string, unknown>,
  body: Record<string, unknown>,
): Request {
  const copy = Object.create(req) as Request;
  Object.defineProperties(copy, {
    query: {value: query},
    body: {value: body},
  });
  return copy;
}
