import type {Request} from '@loopback/rest';
import {Strategy} from 'passport-strategy';
import {AppError} from '../../../errors';
import {flowStateOf} from '../../providers/flows/flow-state';
import {
  authnRequestId,
  hasDoctype,
  responseHeader,
  responseText,
} from './saml-messages';
import {statusRefusal} from './saml-status';
import {sha1Refusal, SignaturePolicy} from './saml-algorithms';

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
 * node-saml would take for a logout message); it holds no DTD and no
 * comment, its Status is Success, its Destination is this service's ACS
 * when present, and it answers the very request this flow sent
 * (InResponseTo), so an unsolicited or misdirected response never signs in;
 * and nothing in it is signed or digested with SHA-1 unless the entry
 * accepts SHA-1 (see sha1Refusal).
 */
export class SamlFlowStrategy extends Strategy {
  constructor(
    readonly name: string,
    private inner: Strategy,
    private acs: string,
    private policy: SignaturePolicy,
  ) {
    super();
  }

  override authenticate(req: Request, options?: object): void {
    const flow = flowStateOf(req);
    if (!flow) return this.error(new Error('No provider flow on this request'));
    const actions = this as unknown as Actions;
    const sent = flow.session[SAML_REQUEST_ID];
    if (sent && req.method !== 'POST') {
      // The callback leg: a response in a query is the HTTP-Redirect
      // binding, which this service does not take (logout messages use it).
      return actions.error(
        new AppError('PROVIDER_ERROR', 'The SAML response must be POSTed.'),
      );
    }
    // The leg is the flow's, not the request's: a link starts with a POST
    // (POST /link/{name}), and a flow is on its way back once it has sent
    // its AuthnRequest.
    if (sent === undefined) {
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
    const problem = responseProblem(form.SAMLResponse, sent, this.acs);
    if (problem) return actions.error(new AppError('PROVIDER_ERROR', problem));
    const refusal = statusRefusal(form.SAMLResponse);
    if (refusal) return actions.error(refusal);
    const samlResponse = form.SAMLResponse as string;
    sha1Refusal(samlResponse, this.policy)
      .then(weak => {
        if (weak) return actions.error(weak);
        const body = {SAMLResponse: samlResponse, RelayState: flow.handle};
        this.run(view(req, {}, body), options, actions);
      })
      .catch(err => actions.error(err));
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

/** Why a posted SAMLResponse cannot be for this flow, or undefined. */
function responseProblem(
  samlResponse: unknown,
  requestId: unknown,
  acs: string,
): string | undefined {
  if (typeof samlResponse !== 'string' || !samlResponse) {
    return 'The identity provider sent no SAMLResponse.';
  }
  const xml = responseText(samlResponse);
  // Before any parsing: a DTD is how entity expansion and XXE get in.
  if (hasDoctype(xml)) return 'The SAML response declares a DTD.';
  const header = responseHeader(xml);
  if (!header) return 'The identity provider sent no SAML Response.';
  // Comments are outside what a signature covers: a signed NameID with
  // one inside reads differently to different parsers.
  if (header.comments) return 'The SAML response holds XML comments.';
  if (!header.inResponseTo || header.inResponseTo !== requestId) {
    return 'The SAML response does not answer this sign-in (InResponseTo).';
  }
  if (header.destination && header.destination !== acs) {
    return 'The SAML response is for another service (Destination).';
  }
  return undefined;
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
