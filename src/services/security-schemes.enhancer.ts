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
        const strategies = secured.get(operationKey(operation));
        if (strategies?.length) {
          operation.security = strategies.map(
            (s): SecurityRequirementObject => ({[s]: []}),
          );
        }
      }
    }
    spec.components = {
      ...spec.components,
      securitySchemes: {...spec.components?.securitySchemes, ...SCHEMES},
    };
    return spec;
  }

  /** `Controller.method` → the schemes its `@authenticate` names. */
  private authenticatedOperations(): Map<string, string[]> {
    const secured = new Map<string, string[]>();
    for (const binding of this.app.findByTag(CoreTags.CONTROLLER)) {
      const ctor = binding.valueConstructor as Constructor<{}> | undefined;
      if (!ctor) continue;
      for (const method of Object.getOwnPropertyNames(ctor.prototype)) {
        const strategies = asList(getAuthenticateMetadata(ctor, method))
          .filter(m => !m.skip && m.strategy in SCHEMES)
          .map(m => m.strategy);
        if (strategies.length)
          secured.set(`${ctor.name}.${method}`, strategies);
      }
    }
    return secured;
  }
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
