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
import {errorResponse} from '../../errors/error-responses';
import {allowsThirdPartyClients} from '../../interceptors/first-party.interceptor';

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
} as const;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

interface SecuredRoute {
  strategies: string[];
  thirdParty: boolean;
}

/**
 * Declares the `bearer` and `basic` security schemes and marks every
 * operation whose controller method carries `@authenticate(…)` with them,
 * so the explorer's Authorize button works for every controller without
 * each one repeating `security` in its operation specs.
 */
@injectable(asSpecEnhancer)
export class SecuritySchemesEnhancer implements OASEnhancer {
  name = 'security-schemes';

  constructor(
    @inject(CoreBindings.APPLICATION_INSTANCE) private app: Application,
  ) {}

  modifySpec(spec: OpenApiSpec): OpenApiSpec {
    const secured = this.authenticatedOperations();
    for (const pathItem of Object.values(spec.paths ?? {})) {
      for (const method of HTTP_METHODS) {
        const operation = (pathItem as Record<string, unknown>)[method] as
          OperationObject | undefined;
        if (!operation || operation.security) continue;
        const route = secured.get(operationKey(operation));
        if (route) {
          operation.security = route.strategies.map(
            (s): SecurityRequirementObject => ({[s]: []}),
          );
          documentFirstParty(operation, route.thirdParty);
        }
      }
    }
    spec.components = {
      ...spec.components,
      securitySchemes: {...spec.components?.securitySchemes, ...SCHEMES},
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
