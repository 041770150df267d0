import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import path from 'node:path';
import {ConfigError, loadConfig} from '../../config';
import {givenDataDir, removeDataDir, TEST_APP_SECRET} from '../fixtures/app';

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = givenDataDir();
  });
  afterEach(() => removeDataDir(dataDir));

  function problemsOf(env: Record<string, string>): string[] {
    try {
      loadConfig({APP_SECRET: TEST_APP_SECRET, DATA_DIR: dataDir, ...env});
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
    throw new Error('expected a ConfigError');
  }

  it('gives the documented defaults for an empty environment', () => {
    const {config} = loadConfig({
      APP_SECRET: TEST_APP_SECRET,
      DATA_DIR: dataDir,
    });
    expect(config).to.containDeep({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      baseUrl: 'http://127.0.0.1:3000',
      database: {kind: 'memory'},
      accessTokenTtl: 900,
      refreshTokenTtl: 30 * 86400,
      requireEmailVerification: false,
      trustProxy: false,
      logLevel: 'info',
    });
    expect(config.redisUrl).to.be.undefined();
    expect(config.admin).to.be.undefined();
  });

  it('chooses the database from DATABASE_URL', () => {
    const pg = loadConfig({
      APP_SECRET: TEST_APP_SECRET,
      DATABASE_URL: 'postgres://u@db:5432/identity',
    }).config;
    expect(pg.database).to.eql({
      kind: 'postgresql',
      url: 'postgres://u@db:5432/identity',
    });
    const mongo = loadConfig({
      APP_SECRET: TEST_APP_SECRET,
      DATABASE_URL: 'mongodb://db:27017/identity?replicaSet=rs0',
    }).config;
    expect(mongo.database.kind).to.equal('mongodb');
  });

  it('parses durations with units and booleans', () => {
    const {config} = loadConfig({
      APP_SECRET: TEST_APP_SECRET,
      DATA_DIR: dataDir,
      ACCESS_TOKEN_TTL: '15m',
      REFRESH_TOKEN_TTL: '7d',
      REQUIRE_EMAIL_VERIFICATION: 'yes',
      TRUST_PROXY: '1',
    });
    expect(config.accessTokenTtl).to.equal(900);
    expect(config.refreshTokenTtl).to.equal(7 * 86400);
    expect(config.requireEmailVerification).to.be.true();
    expect(config.trustProxy).to.equal(1);
  });

  it('names every wrong variable and what it expects', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/identity',
      REDIS_URL: 'localhost:6379',
      ACCESS_TOKEN_TTL: '-5',
      LOG_LEVEL: 'loud',
      BASE_URL: 'ftp://example.com',
      ADMIN_EMAIL: 'admin@example.com',
    });
    const text = problems.join('\n');
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'REDIS_URL',
      'ACCESS_TOKEN_TTL',
      'LOG_LEVEL',
      'BASE_URL',
      'ADMIN_EMAIL and ADMIN_PASSWORD',
    ]) {
      expect(text).to.match(new RegExp(`^${name}: `, 'm'));
    }
    expect(problems).to.have.length(7);
    expect(text).to.match(/PORT: expected a port number/);
  });

  it('signs with RS256 unless TOKEN_SIGNING_ALG says ES256 or EdDSA', () => {
    const base = {APP_SECRET: TEST_APP_SECRET, DATA_DIR: dataDir};
    expect(loadConfig(base).config.tokenSigningAlg).to.equal('RS256');
    for (const alg of ['RS256', 'ES256', 'EdDSA']) {
      const {config} = loadConfig({...base, TOKEN_SIGNING_ALG: alg});
      expect(config.tokenSigningAlg).to.equal(alg);
    }
  });

  it('turns HTTP Basic auth tokens on for 15 minutes unless AUTH_TOKENS / AUTH_TOKEN_TTL say otherwise', () => {
    const base = {APP_SECRET: TEST_APP_SECRET, DATA_DIR: dataDir};
    expect(loadConfig(base).config.authTokens).to.eql({
      enabled: true,
      ttl: 900,
    });
    const {config} = loadConfig({
      ...base,
      AUTH_TOKENS: 'false',
      AUTH_TOKEN_TTL: '1h',
    });
    expect(config.authTokens).to.eql({enabled: false, ttl: 3600});
    expect(problemsOf({AUTH_TOKEN_TTL: 'soon'})[0]).to.match(
      /^AUTH_TOKEN_TTL: /,
    );
    expect(problemsOf({AUTH_TOKENS: 'maybe'})[0]).to.match(/^AUTH_TOKENS: /);
  });

  it('refuses any other TOKEN_SIGNING_ALG, naming the variable', () => {
    for (const alg of ['none', 'HS256', 'rs256', 'PS256', 'EdDSA,RS256']) {
      expect(problemsOf({TOKEN_SIGNING_ALG: alg})).to.eql([
        `TOKEN_SIGNING_ALG: expected one of RS256, ES256, EdDSA, got "${alg}"`,
      ]);
    }
  });

  it('requires APP_SECRET in production', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({NODE_ENV: 'production', DATA_DIR: dataDir});
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error?.problems.join()).to.match(/^APP_SECRET: required/);
    expect(fs.existsSync(path.join(dataDir, 'app-secret'))).to.be.false();
  });

  it('refuses a short APP_SECRET', () => {
    expect(problemsOf({APP_SECRET: 'short'})).to.eql([
      'APP_SECRET: must be at least 32 characters',
    ]);
  });

  it('generates APP_SECRET once into the data directory in development', () => {
    const first = loadConfig({DATA_DIR: dataDir});
    expect(first.warnings.join()).to.match(/APP_SECRET is not set/);
    const file = path.join(dataDir, 'app-secret');
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    const second = loadConfig({DATA_DIR: dataDir});
    expect(second.config.appSecret).to.equal(first.config.appSecret);
    expect(second.warnings).to.be.empty();
  });

  it('treats empty variables as unset', () => {
    const {config} = loadConfig({
      APP_SECRET: TEST_APP_SECRET,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      PORT: '',
    });
    expect(config.database.kind).to.equal('memory');
    expect(config.port).to.equal(3000);
  });

  it('is immutable after loading', () => {
    const {config} = loadConfig({
      APP_SECRET: TEST_APP_SECRET,
      DATA_DIR: dataDir,
    });
    expect(() => {
      (config as {port: number}).port = 1;
    }).to.throw(TypeError);
    expect(Object.isFrozen(config.database)).to.be.true();
  });
});
