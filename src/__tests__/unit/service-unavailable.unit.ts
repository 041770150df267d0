import {expect} from '@loopback/testlab';
import {ProviderEntry} from '../../config/provider-entry';
import {AppError, isUnavailableError, serviceUnavailable} from '../../errors';
import {flowErrorParams} from '../../services/providers/flows/provider-flow-redirect';
import {givenCapturedLogger} from '../fixtures/captured-logger';

function withCode(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), {code});
}

function named(name: string): Error {
  return Object.assign(new Error('x'), {name});
}

describe('outage classification (unit)', () => {
  const outages: Record<string, unknown> = {
    'PostgreSQL admin_shutdown 57P01': withCode('57P01'),
    'PostgreSQL crash_shutdown 57P02': withCode('57P02'),
    'PostgreSQL cannot_connect_now 57P03': withCode('57P03'),
    'PostgreSQL class 08 (08006)': withCode('08006'),
    'PostgreSQL class 08 (08P01)': withCode('08P01'),
    'socket refused': withCode('ECONNREFUSED'),
    'socket reset': withCode('ECONNRESET'),
    'pg connection lost': new Error('Connection terminated unexpectedly'),
    'pg connect timeout': new Error(
      'Connection terminated due to connection timeout',
    ),
    'pg-pool timeout': new Error('timeout exceeded when trying to connect'),
    'juggler connect timeout': new Error('Timeout in connecting after 5000 ms'),
    MongoNetworkError: named('MongoNetworkError'),
    MongoServerSelectionError: named('MongoServerSelectionError'),
    'ioredis closed': new Error('Connection is closed.'),
    'ioredis max retries': named('MaxRetriesPerRequestError'),
    'ioredis command timeout': new Error('Command timed out'),
    "the store's own 503": new AppError('SERVICE_UNAVAILABLE', 'down'),
    'a wrapped socket error': Object.assign(new Error('query failed'), {
      cause: withCode('ECONNREFUSED'),
    }),
  };
  for (const [name, err] of Object.entries(outages)) {
    it(`is an outage: ${name}`, () => {
      expect(isUnavailableError(err)).to.be.true();
    });
  }

  const bugs: Record<string, unknown> = {
    'unique violation 23505': withCode('23505'),
    'syntax error 42601': withCode('42601'),
    'Redis reply error': named('ReplyError'),
    TypeError: new TypeError('x is not a function'),
    'another AppError': new AppError('EMAIL_TAKEN', 'taken'),
    'mail outage (its own code)': new AppError('MAIL_UNAVAILABLE', 'smtp'),
    'not an error': 'ECONNREFUSED',
    null: null,
  };
  for (const [name, err] of Object.entries(bugs)) {
    it(`is not an outage: ${name}`, () => {
      expect(isUnavailableError(err)).to.be.false();
    });
  }

  it('answers SERVICE_UNAVAILABLE with Retry-After and no cause', () => {
    const err = serviceUnavailable();
    expect(err).to.containDeep({code: 'SERVICE_UNAVAILABLE', statusCode: 503});
    expect(err.headers?.['Retry-After']).to.match(/^\d+$/);
  });

  it('reports an outage in a provider callback as temporarily_unavailable', () => {
    const entry = {name: 'github-login'} as ProviderEntry;
    const {logger} = givenCapturedLogger();
    expect(flowErrorParams(entry, withCode('57P01'), logger).error).to.equal(
      'temporarily_unavailable',
    );
    expect(flowErrorParams(entry, new TypeError('x'), logger).error).to.equal(
      'server_error',
    );
  });
});
