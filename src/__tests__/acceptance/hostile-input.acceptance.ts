import {Client, createRestAppClient, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {Env} from '../../config';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {givenConfig, removeDataDir} from '../fixtures/app';
import {
  APPS_PROVIDERS,
  givenCaller,
  givenProvidersFile,
} from '../fixtures/applications';
import {
  CONTROL_VALUES,
  isOAuthPath,
  MALFORMED_ESCAPES,
  mismatch,
  Operation,
  operationsOf,
  pathWith,
  PROTOTYPE_NAMES,
  refusedCharacters,
} from '../fixtures/hostile-requests';
import {requireService, TEST_DATABASE_URL} from '../fixtures/services';

/** `a\0b:x`, the header that answered 500 on every protected route. */
const NUL_BASIC = 'Basic YQBiOng=';
/** Bodies that get the OAuth endpoints as far as client authentication. */
const OAUTH_BODIES: Record<string, object> = {
  '/auth/token': {grant_type: 'client_credentials'},
  '/auth/revoke': {token: 'x'},
  '/auth/introspect': {token: 'x'},
};

/**
 * For every operation of the OpenAPI document: control characters in each
 * path parameter, query parameter and string body property, a Basic header
 * with a NUL, malformed percent-escapes and segments named like properties
 * of `Object.prototype`. Never a 5xx; always the documented 4xx and code.
 * PostgreSQL refuses NUL in text, so the suite runs there too.
 */
describe('hostile input on every route, embedded database (acceptance)', () => {
  hostileInputSuite(async () => ({}));
});

describe('hostile input on every route, PostgreSQL (acceptance)', () => {
  hostileInputSuite(async ctx => {
    await requireService(
      ctx,
      'PostgreSQL hostile input',
      TEST_DATABASE_URL,
      'set TEST_DATABASE_URL=postgres://…',
    );
    return {DATABASE_URL: TEST_DATABASE_URL};
  });
});

function hostileInputSuite(envOf: (ctx: Context) => Promise<Env>): void {
  let app: IdentityApplication | undefined;
  let client: Client;
  let admin: string;
  let operations: Operation[];

  before(givenApp);
  after(async () => {
    await app?.stop();
    if (app) removeDataDir(app.config.dataDir);
  });

  async function givenApp(this: Context): Promise<void> {
    const env = await envOf(this);
    app = new IdentityApplication(
      givenConfig({...env, PROVIDERS_FILE: givenProvidersFile(APPS_PROVIDERS)}),
      {rateLimits: withoutRequestLimits()},
    );
    await app.boot();
    await app.migrateSchema(env.DATABASE_URL ? {existingSchema: 'alter'} : {});
    await app.start();
    client = createRestAppClient(app);
    admin = (await givenCaller(app, {admin: true})).auth;
    operations = await operationsOf(client);
  }

  /** Runs every case, then reports all that went wrong at once. */
  async function expectNoMismatch(
    cases: (op: Operation) => Promise<string | undefined>[],
  ): Promise<void> {
    expect(operations.length).to.be.above(40);
    const failures: string[] = [];
    for (const op of operations) {
      for (const found of await Promise.all(cases(op))) {
        if (found) failures.push(found);
      }
    }
    expect(failures).to.eql([]);
  }

  it('refuses control characters in every path parameter', () =>
    expectNoMismatch(op =>
      op.pathParams.flatMap(name =>
        CONTROL_VALUES.map(value => {
          const path = pathWith(op, {[name]: encodeURIComponent(value)});
          return mismatch(
            client,
            `${name}=${JSON.stringify(value)}`,
            {method: op.method, path, auth: admin},
            refusedCharacters(op.template),
          );
        }),
      ),
    ));

  it('refuses control characters in every query parameter, declared or not', () =>
    expectNoMismatch(op =>
      [...op.queryParams, 'undeclared'].flatMap(name =>
        CONTROL_VALUES.map(value => {
          const query = `${name}=${encodeURIComponent(value)}`;
          return mismatch(
            client,
            `query ${name}=${JSON.stringify(value)}`,
            {method: op.method, path: `${pathWith(op)}?${query}`, auth: admin},
            refusedCharacters(op.template),
          );
        }),
      ),
    ));

  it('refuses control characters in every string property of a body', () =>
    expectNoMismatch(op =>
      (op.body?.strings ?? []).flatMap(({name, array}) =>
        CONTROL_VALUES.map(value =>
          mismatch(
            client,
            `body ${name}=${JSON.stringify(value)}`,
            {
              method: op.method,
              path: pathWith(op),
              auth: admin,
              body: {
                mediaType: op.body!.mediaType,
                value: {[name]: array ? [value] : value},
              },
            },
            refusedCharacters(op.template),
          ),
        ),
      ),
    ));

  it('answers a Basic header holding a NUL without looking anything up', () =>
    expectNoMismatch(op => {
      const path = pathWith(op);
      const expected = isOAuthPath(path)
        ? {status: 401, oauthError: 'invalid_client'}
        : op.secured || path === '/auth/login'
          ? {status: 401, code: 'INVALID_CREDENTIALS'}
          : () => undefined;
      const body = OAUTH_BODIES[path];
      return [
        mismatch(
          client,
          NUL_BASIC,
          {
            method: op.method,
            path,
            auth: NUL_BASIC,
            ...(body ? {body: {mediaType: 'form', value: body}} : {}),
          },
          expected,
        ),
      ];
    }));

  it('answers 400 to a malformed percent-escape in any segment', () =>
    expectNoMismatch(op =>
      segmentVariants(op, MALFORMED_ESCAPES).map(path =>
        mismatch(
          client,
          'malformed escape',
          {method: op.method, path, auth: admin},
          {status: 400, code: 'INVALID_REQUEST'},
        ),
      ),
    ));

  it('answers 404 to a segment named like an Object.prototype property', () =>
    expectNoMismatch(op =>
      segmentVariants(op, PROTOTYPE_NAMES).map(path =>
        mismatch(
          client,
          'prototype name',
          {method: op.method, path, auth: admin},
          {status: 404, code: 'NOT_FOUND'},
        ),
      ),
    ));
}

/** The operation's path with each segment in turn replaced by each value. */
function segmentVariants(op: Operation, values: string[]): string[] {
  const segments = pathWith(op).split('/').slice(1);
  return segments.flatMap((_, i) =>
    values.map(value => {
      const copy = [...segments];
      copy[i] = value;
      return `/${copy.join('/')}`;
    }),
  );
}
