import type {TokenSigningAlg} from '../../config';
import type {ApplicationType, GrantType} from '../../models';
import type {S256Challenge} from './pkce';

// The client rule's shapes; client-rule.service.ts re-exports them.

/** What a client sends to start a browser flow (RFC 6749 §4.1.1, RFC 7636). */
export interface FlowClientRequest {
  client_id?: string;
  redirect_uri?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

/** A client application the rule accepted, as one read of its row found it. */
export interface UsableClient {
  id: string;
  name: string;
  type: ApplicationType;
  firstParty: boolean;
  redirectUris: string[];
  ownerId?: string;
  allowedOrigins: string[];
  verifiedOrigins: string[];
  /** The grants it may use at the token endpoint. */
  grantTypes: readonly GrantType[];
  /** The resource scopes it may be granted. */
  scopes: readonly string[];
  /** For the token endpoint's secret check; never carried in a flow. */
  secretHash?: string;
  /** The JWS algorithm its ID tokens use, when it chose one. */
  idTokenSignedResponseAlg?: TokenSigningAlg;
}

/**
 * An application's own credentials for one provider entry, as stored: the
 * secret still sealed, so a flow may carry them through the shared store.
 */
export interface CarriedCredentials {
  /** The ApplicationCredential they come from. */
  id: string;
  /** The application that brought them. */
  applicationId: string;
  stored: object;
}

/** What a browser flow carries about its client, from its start to its code. */
export interface FlowClient {
  clientId: string;
  clientType: ApplicationType;
  firstParty: boolean;
  /** Exactly one of the application's registered redirect URIs. */
  redirectUri: string;
  /** The client's own `state`, echoed back to its redirect URI. */
  clientState?: string;
  codeChallenge: S256Challenge;
  codeChallengeMethod: 'S256';
  /** The application's own credentials for the flow's entry, if it has some. */
  providerCredentials?: CarriedCredentials;
}
