import {Request} from '@loopback/rest';

/** The flow a request belongs to, as the strategies' state seams see it. */
export interface FlowState {
  /** The state parameter the provider sees and sends back. */
  handle: string;
  /** Stands in for `req.session`; saved with the flow between the legs. */
  session: Record<string, unknown>;
}

const FLOW_STATE = Symbol('identity.provider-flow-state');

type FlowRequest = Request & {
  [FLOW_STATE]?: FlowState;
  session?: Record<string, unknown>;
};

/** Ties `request` to a flow, and gives the strategies their "session". */
export function attachFlowState(request: Request, state: FlowState): void {
  const target = request as FlowRequest;
  target[FLOW_STATE] = state;
  target.session = state.session;
}

/** The flow `attachFlowState` tied to `request`, if any. */
export function flowStateOf(request: object): FlowState | undefined {
  return (request as FlowRequest)[FLOW_STATE];
}

type Stored = (err: Error | null, state?: string) => void;
type Loaded = (
  err: Error | null,
  ok?: string | boolean,
  info?: {message: string},
) => void;

const VERIFIER_KEY = 'oauth2:code_verifier';

/**
 * passport-oauth2's `store` option, so OAuth 2.0 strategies keep state
 * without a server session: the state they send is the flow's own handle,
 * and the PKCE verifier rides in the flow's saved session object. The
 * callback has already taken the flow by its state before this runs; the
 * check here makes sure the strategy sent and received that same handle.
 */
export const flowStateStore = {
  store(
    req: object,
    verifier: string | undefined,
    _state: unknown,
    _meta: unknown,
    done: Stored,
  ): void {
    const flow = flowStateOf(req);
    if (!flow) return done(new Error('No provider flow on this request'));
    if (verifier) flow.session[VERIFIER_KEY] = verifier;
    done(null, flow.handle);
  },

  verify(req: object, provided: unknown, _meta: unknown, done: Loaded): void {
    const flow = flowStateOf(req);
    if (!flow || provided !== flow.handle) {
      return done(null, false, {message: 'Invalid authorization state'});
    }
    const verifier = flow.session[VERIFIER_KEY];
    done(null, typeof verifier === 'string' ? verifier : true);
  },
};
