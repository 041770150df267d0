import {
  Application,
  ApplicationType,
  DEFAULT_GRANT_TYPES,
  GrantType,
  IdTokenAlg,
} from '../../models';
import {isBuiltInClient} from '../platform/web-client';

/** An application as its owner sees it; `clientSecret` only right after it was made. */
export interface ApplicationView {
  id: string;
  name: string;
  ownerId?: string;
  type: ApplicationType;
  redirectUris: string[];
  allowedOrigins: string[];
  /** The allowed origins CORS admits now (proven or approved). */
  verifiedOrigins: string[];
  originsVerifiedAt?: Date;
  disabled: boolean;
  firstParty: boolean;
  grantTypes: GrantType[];
  scopes: string[];
  postLogoutRedirectUris: string[];
  idTokenSignedResponseAlg?: IdTokenAlg;
  created: Date;
  modified: Date;
  clientSecret?: string;
}

/** The public fields only: never the secret hash. */
export function applicationView(app: Application): ApplicationView {
  return {
    id: app.id,
    name: app.name,
    ownerId: app.ownerId,
    type: app.type,
    redirectUris: app.redirectUris ?? [],
    allowedOrigins: app.allowedOrigins ?? [],
    verifiedOrigins: app.verifiedOrigins ?? [],
    originsVerifiedAt: app.originsVerifiedAt,
    disabled: !!app.disabled,
    firstParty: isBuiltInClient(app.id) || !!app.firstParty,
    // Rows from before the field was added have none: the default applies.
    grantTypes: app.grantTypes ?? [...DEFAULT_GRANT_TYPES],
    scopes: app.scopes ?? [],
    postLogoutRedirectUris: app.postLogoutRedirectUris ?? [],
    idTokenSignedResponseAlg: app.idTokenSignedResponseAlg ?? undefined,
    created: app.created,
    modified: app.modified,
  };
}
