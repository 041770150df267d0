import {get} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {AppError, OAuthError} from '../../errors';
import {givenRunningApp, RunningApp} from '../fixtures/app';

/** Routes that fail on purpose, to see how failures reach a client. */
class FailingController {
  @get('/test/internal', {responses: {}})
  internal(): never {
    throw new Error('connection to 10.0.0.7:5432 failed: password for dbadmin');
  }

  @get('/test/app-error', {responses: {}})
  appError(): never {
    throw new AppError('RATE_LIMITED', 'Too many attempts.', {
      headers: {'Retry-After': '30'},
    });
  }

  @get('/test/oauth-error', {responses: {}})
  oauthError(): never {
    throw new OAuthError('invalid_grant', 'The refresh token was revoked.');
  }
}

describe('the service on the embedded default', () => {
  let running: RunningApp;
  before(async () => {
    running = await givenRunningApp({}, {});
    running.app.controller(FailingController);
  });
  after(() => running.app.stop());

  it('answers /health', async () => {
    const res = await running.client.get('/health').expect(200);
    expect(res.body).to.eql({status: 'ok'});
  });

  it('is ready with the embedded database and store', async () => {
    const res = await running.client.get('/ready').expect(200);
    expect(res.body).to.eql({
      status: 'ready',
      checks: {database: 'ok', store: 'ok'},
    });
  });

  it('serves the explorer and the OpenAPI document', async () => {
    await running.client
      .get('/explorer/')
      .expect(200)
      .expect(/swagger/i);
    const spec = await running.client.get('/openapi.json').expect(200);
    expect(spec.body.paths).to.have.property('/health');
    expect(spec.body.paths).to.have.property('/ready');
  });

  it('serves the page in public/ at /', async () => {
    await running.client.get('/').expect(200).expect('Content-Type', /html/);
  });

  it('answers an unknown path with the LoopBack error body', async () => {
    const res = await running.client.get('/no-such-path').expect(404);
    expect(res.body.error).to.containDeep({
      statusCode: 404,
      name: 'NotFoundError',
    });
  });

  it('never shows internals in a 500', async () => {
    const res = await running.client.get('/test/internal').expect(500);
    expect(res.body).to.eql({
      error: {statusCode: 500, message: 'Internal Server Error'},
    });
    expect(res.text).to.not.match(/10\.0\.0\.7|dbadmin|stack/);
  });

  it('renders an AppError with its stable code and headers', async () => {
    const res = await running.client.get('/test/app-error').expect(429);
    expect(res.headers['retry-after']).to.equal('30');
    expect(res.body.error).to.eql({
      statusCode: 429,
      name: 'TooManyRequestsError',
      message: 'Too many attempts.',
      code: 'RATE_LIMITED',
    });
  });

  it('renders OAuth errors as RFC 6749 §5.2 bodies', async () => {
    const res = await running.client.get('/test/oauth-error').expect(400);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.body).to.eql({
      error: 'invalid_grant',
      error_description: 'The refresh token was revoked.',
    });
  });
});

describe('readiness when the database is down', () => {
  let running: RunningApp;
  before(async () => {
    // Port 9 (discard) is closed on test machines: connections are refused.
    running = await givenRunningApp({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:9/identity',
    });
  });
  after(() => running.app.stop());

  it('answers 503 and names the database', async () => {
    const res = await running.client.get('/ready').expect(503);
    expect(res.body).to.eql({
      status: 'unavailable',
      checks: {database: 'unreachable', store: 'ok'},
    });
  });

  it('stays alive', async () => {
    await running.client.get('/health').expect(200);
  });
});
