import {
  OpenApiSpec,
  OperationObject,
  ResponseObject,
  SchemaObject,
} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import {resolve} from 'node:path';
import {FlowWorld, givenFlowWorld} from '../fixtures/provider-flows';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** 2xx answers that carry no body by design. */
const BODILESS_SUCCESS = new Set(['202', '204', '302']);
/**
 * A stable error code as the descriptions name it: UPPER_SNAKE (backticked
 * when it is one word, like `FORBIDDEN`) or OAuth's `lower_snake`.
 */
const NAMES_A_CODE =
  /\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\b|`[A-Z]{3,}`|`[a-z]+(_[a-z]+)+`/;
/** Operations anyone may call with nothing to get wrong. */
const NO_ERRORS = new Set([
  'get /health',
  'get /ready',
  'get /.well-known/jwks.json',
  'get /auth/providers',
  'get /.well-known/openid-configuration',
  'get /.well-known/oauth-authorization-server',
  'get /.well-known/oauth-protected-resource',
]);

/** The explorer's sections, as the README's parts are ordered. */
const AREAS = [
  'Local accounts',
  'Tokens and sessions',
  'Third-party login and linking',
  'Client applications',
  'Administration',
  'Operations',
];
const README = resolve(__dirname, '../../../README.md');

interface Operation {
  key: string;
  spec: OperationObject;
}

describe('API explorer and OpenAPI document (acceptance)', () => {
  let world: FlowWorld;
  let spec: OpenApiSpec;
  let operations: Operation[];

  before(async () => {
    world = await givenFlowWorld();
    spec = (await world.client.get('/openapi.json').expect(200)).body;
    operations = givenOperations(spec);
  });
  after(() => world.stop());

  it('serves the explorer page', async () => {
    const res = await world.client.get('/explorer/').expect(200);
    expect(res.type).to.equal('text/html');
    expect(res.text).to.match(/swagger-ui/i);
    expect(res.text).to.match(/openapi\.json/);
  });

  it('is titled "Identity service", not with the npm package name', () => {
    expect(spec.info.title).to.equal('Identity service');
  });

  it("lists the README's areas as its tags, in the README's order", () => {
    expect((spec.tags ?? []).map(tag => tag.name)).to.eql(AREAS);
    for (const tag of spec.tags ?? []) expect(tag.description).to.be.String();
    const headings = fs
      .readFileSync(README, 'utf8')
      .split('\n')
      .filter(line => line.startsWith('## '))
      .map(line => line.toLowerCase());
    const at = AREAS.map(area =>
      headings.findIndex(h => h.includes(area.toLowerCase())),
    );
    expect(at).to.not.containEql(-1);
    expect(at).to.eql([...at].sort((a, b) => a - b));
  });

  it('files every operation, the provider routes added at start too, under exactly one area', () => {
    const bad = failing(
      operations,
      ({spec: op}) => op.tags?.length === 1 && AREAS.includes(op.tags[0]!),
    );
    expect(bad).to.eql([]);
    const areaOf = (key: string) =>
      operations.find(o => o.key === key)?.spec.tags?.[0];
    expect(areaOf('get /auth/facebook-login/callback')).to.equal(
      'Third-party login and linking',
    );
    expect(areaOf('get /.well-known/jwks.json')).to.equal(
      'Tokens and sessions',
    );
    expect(areaOf('get /users')).to.equal('Administration');
    expect(areaOf('get /health')).to.equal('Operations');
  });

  it('declares the bearer and basic security schemes', () => {
    expect(spec.components?.securitySchemes).to.containDeep({
      bearer: {type: 'http', scheme: 'bearer'},
      basic: {type: 'http', scheme: 'basic'},
    });
  });

  it('covers the provider routes of providers.json', () => {
    const keys = operations.map(o => o.key);
    expect(keys).to.containDeep([
      'get /auth/facebook-login',
      'get /auth/facebook-login/callback',
      'post /auth/facebook-login/callback',
      'post /link/{name}',
      'post /auth/{name}/token',
    ]);
  });

  it('gives every operation a summary', () => {
    expect(failing(operations, o => !!o.spec.summary?.trim())).to.eql([]);
  });

  it('gives every request body a schema', () => {
    const bad = failing(operations, ({spec: op}) => {
      const body = op.requestBody as
        {content?: Record<string, {schema?: SchemaObject}>} | undefined;
      if (!body) return true;
      const media = Object.values(body.content ?? {});
      return media.length > 0 && media.every(m => !!m.schema);
    });
    expect(bad).to.eql([]);
  });

  it('documents a 2xx response with a schema, or a bodiless 202/204/302', () => {
    const bad = failing(operations, ({spec: op}) => {
      const success = Object.entries(op.responses ?? {}).filter(([status]) =>
        /^[23]\d\d$/.test(status),
      );
      return (
        success.length > 0 &&
        success.every(
          ([status, response]) =>
            BODILESS_SUCCESS.has(status) ||
            hasSchema(response as ResponseObject) ||
            /empty body/i.test((response as ResponseObject).description),
        )
      );
    });
    expect(bad).to.eql([]);
  });

  it('documents its error responses with the error body and their codes', () => {
    const bad = failing(operations, ({key, spec: op}) => {
      const errors = Object.entries(op.responses ?? {}).filter(([status]) =>
        /^4\d\d$/.test(status),
      );
      if (!errors.length) return NO_ERRORS.has(key);
      return errors.every(([, response]) => {
        const r = response as ResponseObject;
        return (
          NAMES_A_CODE.test(r.description) &&
          isErrorBody(r.content?.['application/json']?.schema)
        );
      });
    });
    expect(bad).to.eql([]);
  });

  it('marks authenticated operations with security, and only those answer 401 for a missing sign-in', () => {
    const bad = failing(operations, ({spec: op}) => {
      const secured = (op.security ?? []).some(r => Object.keys(r).length);
      const unauthorized = (op.responses?.['401'] as ResponseObject)
        ?.description;
      const asksSignIn = /AUTHENTICATION_REQUIRED/.test(unauthorized ?? '');
      return secured === asksSignIn;
    });
    expect(bad).to.eql([]);
  });
});

function givenOperations(spec: OpenApiSpec): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, OperationObject | undefined>)[method];
      if (op) found.push({key: `${method} ${path}`, spec: op});
    }
  }
  return found;
}

function failing(
  operations: Operation[],
  ok: (operation: Operation) => boolean,
): string[] {
  return operations.filter(o => !ok(o)).map(o => o.key);
}

function hasSchema(response: ResponseObject): boolean {
  return Object.values(response.content ?? {}).some(m => !!m.schema);
}

/** LoopBack's `{error: {code, …}}` or RFC 6749's `{error, error_description}`. */
function isErrorBody(schema: unknown): boolean {
  const error = (schema as SchemaObject | undefined)?.properties?.error as
    SchemaObject | undefined;
  if (!error) return false;
  return error.type === 'string' || !!error.properties?.code;
}
