import {
  AuthenticationMetadata,
  getAuthenticateMetadata,
} from '@loopback/authentication';
import {
  Application,
  Constructor,
  CoreBindings,
  CoreTags,
  inject,
  injectable,
} from '@loopback/core';
import {
  asSpecEnhancer,
  OASEnhancer,
  OpenApiSpec,
  OperationObject,
  SecurityRequirementObject,
} from '@loopback/rest';
import type {AppConfig} from '../../config';
import {errorResponse} from '../../errors/error-responses';
import {allowsThirdPartyClients} from '../../interceptors/first-party.interceptor';
import {SharedBindings} from './keys';

/**
 * The OpenID Provider's authorization and token endpoints (the oidc
 * feature's OIDC_PATHS, which this feature sits below; a test holds them
 * equal to discovery's).
 */
const AUTHORIZATION_PATH = '/oauth/authorize';
const TOKEN_PATH = '/auth/token';

/** The OpenID Connect scopes, as the explorer's Authorize dialog offers them. */
const OAUTH2_SCOPES = {
  openid: 'Sign in: an ID token naming you (`sub`)',
  profile: 'Your name, username and when your profile changed',
  email: 'Your email address and whether it is verified',
  offline_access: 'A refresh token, to stay signed in',
} as const;

/**
 * The explorer's one-click sign-in: authorization code with PKCE for the
 * built-in `explorer` application, whose access token the `bearer`
 * strategy takes like any other.
 */
function oauth2Scheme(baseUrl: string) {
  return {
    type: 'oauth2',
    description:
      'Sign in through the service (authorization code with PKCE, client `explorer`); the access token is then sent as a bearer token.',
    flows: {
      authorizationCode: {
        authorizationUrl: `${baseUrl}${AUTHORIZATION_PATH}`,
        tokenUrl: `${baseUrl}${TOKEN_PATH}`,
        scopes: OAUTH2_SCOPES,
      },
    },
  } as const;
}

/** The schemes the strategies speak, as OpenAPI security schemes. */
const SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /auth/login or POST /auth/token.',
  },
  basic: {
    type: 'http',
    scheme: 'basic',
    description: 'Email or username and password, on every request.',
  },
  metricsToken: {
    type: 'http',
    scheme: 'bearer',
    description: "The operator's METRICS_TOKEN: GET /metrics only.",
  },
} as const;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

/** A bearer token from the oauth2 scheme's sign-in serves the same routes. */
const BEARER_ALTERNATIVE: SecurityRequirementObject = {oauth2: []};

interface SecuredRoute {
  strategies: string[];
  thirdParty: boolean;
}

/**
 * Declares the `oauth2`, `bearer` and `basic` security schemes and marks
 * every operation whose controller method carries `@authenticate(…)` with
 * them (`oauth2` wherever `bearer` is), so the explorer's Authorize button
 * works for every controller without each one repeating `security` in its
 * operation specs.
 */
@injectable(asSpecEnhancer)
export class SecuritySchemesEnhancer implements OASEnhancer {
  name = 'security-schemes';

  constructor(
    @inject(CoreBindings.APPLICATION_INSTANCE) private app: Application,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
  ) {}

  modifySpec(spec: OpenApiSpec): OpenApiSpec {
    const secured = this.authenticatedOperations();
    for (const pathItem of Object.values(spec.paths ?? {})) {
      for (const method of HTTP_METHODS) {
        const operation = (pathItem as Record<string, unknown>)[method] as
          OperationObject | undefined;
        if (!operation) continue;
        // An operation that states its own security (an optional sign-in)
        // still gets oauth2 beside its bearer.
        if (operation.security) {
          operation.security = withOAuth2(operation.security);
          continue;
        }
        const route = secured.get(operationKey(operation));
        if (route) {
          operation.security = withOAuth2(
            route.strategies.map((s): SecurityRequirementObject => ({[s]: []})),
          );
          documentFirstParty(operation, route.thirdParty);
        }
      }
    }
    spec.components = {
      ...spec.components,
      securitySchemes: {
        ...spec.components?.securitySchemes,
        oauth2: oauth2Scheme(this.config.baseUrl),
        ...SCHEMES,
      },
    };
    return spec;
  }

  /**
   * `Controller.method` → the schemes its `@authenticate` names, and
   * whether third-party applications' tokens may call it.
   */
  private authenticatedOperations(): Map<string, SecuredRoute> {
    const secured = new Map<string, SecuredRoute>();
    for (const binding of this.app.findByTag(CoreTags.CONTROLLER)) {
      const ctor = binding.valueConstructor as Constructor<{}> | undefined;
      if (!ctor) continue;
      for (const method of Object.getOwnPropertyNames(ctor.prototype)) {
        const strategies = asList(getAuthenticateMetadata(ctor, method))
          .filter(m => !m.skip && m.strategy in SCHEMES)
          .map(m => m.strategy);
        if (!strategies.length) continue;
        const thirdParty = allowsThirdPartyClients(ctor, method);
        secured.set(`${ctor.name}.${method}`, {strategies, thirdParty});
      }
    }
    return secured;
  }
}

/** `security` with oauth2 as one more alternative wherever bearer is one. */
function withOAuth2(
  security: SecurityRequirementObject[],
): SecurityRequirementObject[] {
  const names = security.flatMap(requirement => Object.keys(requirement));
  if (!names.includes('bearer') || names.includes('oauth2')) return security;
  // Before an empty requirement (sign-in optional), which reads last.
  const optional = security.findIndex(r => !Object.keys(r).length);
  const at = optional < 0 ? security.length : optional;
  return [...security.slice(0, at), BEARER_ALTERNATIVE, ...security.slice(at)];
}

/**
 * Says on each operation whether a third-party application's token may
 * call it (`x-third-party-clients`), and adds `FIRST_PARTY_REQUIRED` to the
 * 403 of those it may not.
 */
function documentFirstParty(
  operation: OperationObject,
  allowed: boolean,
): void {
  operation['x-third-party-clients'] = allowed;
  if (allowed) return;
  const code =
    '`FIRST_PARTY_REQUIRED`: the token was issued to a third-party application';
  const existing = operation.responses['403'] as
    {description?: string} | undefined;
  operation.responses['403'] = existing?.description
    ? {...existing, description: `${existing.description}; ${code}`}
    : errorResponse(code);
}

/** Method-level metadata is a list; class-level metadata a single entry. */
function asList(
  metadata: AuthenticationMetadata | AuthenticationMetadata[] | undefined,
): AuthenticationMetadata[] {
  if (!metadata) return [];
  return Array.isArray(metadata) ? metadata : [metadata];
}

function operationKey(operation: OperationObject): string {
  return `${String(operation['x-controller-name'])}.${String(
    operation['x-operation-name'],
  )}`;
}
