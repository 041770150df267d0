import path from 'node:path';
import {AppConfig, DatabaseKind, LogLevel, TokenSigningAlg} from './app-config';
import {readOrCreateAppSecret} from './app-secret';
import {
  LOG_LEVELS,
  parseBoolean,
  parseDuration,
  parseEmail,
  parseHttpUrl,
  parsePort,
  parseRedisUrl,
  parseSmtpUrl,
  parseTokenSigningAlg,
  parseTrustProxy,
} from './env-parsers';
import {readApplicationDirectorySettings} from './application-directory-settings';
import {readMetricsSettings} from './metrics-settings';
import {readMfaSettings} from './mfa-settings';
import {readRetentionSettings} from './retention-settings';

export type Env = Record<string, string | undefined>;

/** Every problem found in the environment, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map(p => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: AppConfig;
  /** Things the operator should know, e.g. a generated APP_SECRET. */
  warnings: string[];
}

/**
 * Reads and checks the environment once. Throws a ConfigError naming every
 * wrong variable; the result is deeply frozen.
 */
export function loadConfig(rawEnv: Env = process.env): LoadedConfig {
  const env = withoutEmptyValues(rawEnv);
  const problems: string[] = [];
  const read = reader(env, problems);

  const nodeEnv = read('NODE_ENV', parseNodeEnv, 'development' as const);
  const tls = readTls(env, problems);
  const port = read('PORT', parsePort, 3000);
  const host = env.HOST ?? '127.0.0.1';
  const publicHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const baseUrl = read(
    'BASE_URL',
    parseHttpUrl,
    `${tls ? 'https' : 'http'}://${publicHost}:${port}`,
  );
  const database = readDatabase(env, read);
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const redisUrl = read('REDIS_URL', parseRedisUrl, undefined);
  const tokens = readTokenSettings(read, problems);
  const logLevel = read('LOG_LEVEL', parseLogLevel, 'info' as LogLevel);
  const smtpUrl = read('SMTP_URL', parseSmtpUrl, undefined);
  const admin = readAdmin(env, problems);
  const mfa = readMfaSettings(read, baseUrl, problems);
  const metrics = readMetricsSettings(read, problems);
  const directories = readApplicationDirectorySettings(read);
  const retention = readRetentionSettings(read);
  checkAppSecret(env.APP_SECRET, nodeEnv, problems);
  if (problems.length) throw new ConfigError(problems);
  const warnings: string[] = [];
  const appSecret = env.APP_SECRET ?? generatedAppSecret(dataDir, warnings);

  return {
    config: deepFreeze<AppConfig>({
      env: nodeEnv,
      port,
      host,
      baseUrl,
      database,
      dataDir,
      redisUrl,
      appSecret,
      providersFile: env.PROVIDERS_FILE
        ? path.resolve(env.PROVIDERS_FILE)
        : undefined,
      smtpUrl,
      mailFrom:
        env.MAIL_FROM ?? `Identity <no-reply@${new URL(baseUrl).hostname}>`,
      ...tokens,
      ...readSwitches(read),
      tls,
      admin,
      logLevel,
      ...mfa,
      ...metrics,
      ...retention,
      ...directories,
    }),
    warnings,
  };
}

type Read = <T>(name: string, parse: (raw: string) => T, fallback: T) => T;

/** Token lifetimes, the signing algorithm, HTTP Basic auth tokens. */
function readTokenSettings(read: Read, problems: string[]) {
  const accessTokenTtl = read('ACCESS_TOKEN_TTL', parseDuration, 900);
  const refreshTokenTtl = read('REFRESH_TOKEN_TTL', parseDuration, 30 * 86400);
  if (refreshTokenTtl <= accessTokenTtl) {
    problems.push('REFRESH_TOKEN_TTL: must be longer than ACCESS_TOKEN_TTL');
  }
  const tokenSigningAlg = read(
    'TOKEN_SIGNING_ALG',
    parseTokenSigningAlg,
    'RS256' as TokenSigningAlg,
  );
  const enabled = read('AUTH_TOKENS', parseBoolean, true);
  const authTokens = {enabled, ttl: read('AUTH_TOKEN_TTL', parseDuration, 900)};
  return {accessTokenTtl, refreshTokenTtl, tokenSigningAlg, authTokens};
}

/** Parses one variable, or records its problem and answers the fallback. */
function reader(env: Env, problems: string[]): Read {
  return (name, parse, fallback) => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    try {
      return parse(raw);
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
      return fallback;
    }
  };
}

function readDatabase(env: Env, read: Read): AppConfig['database'] {
  const url = env.DATABASE_URL;
  const kind = read(
    'DATABASE_URL',
    parseDatabaseKind,
    'memory' as DatabaseKind,
  );
  return url ? {kind, url} : {kind};
}

function readTls(env: Env, problems: string[]): AppConfig['tls'] {
  const {TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile} = env;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE: set both or neither');
  }
  return certFile && keyFile ? {certFile, keyFile} : undefined;
}

/**
 * The boolean switches. Read after the problems were checked, as before
 * this function was split up: a wrong value falls back to the default
 * without a ConfigError (unchanged on purpose: a change of its own).
 */
function readSwitches(read: Read) {
  return {
    requireEmailVerification: read(
      'REQUIRE_EMAIL_VERIFICATION',
      parseBoolean,
      false,
    ),
    trustProxy: read('TRUST_PROXY', parseTrustProxy, false),
  };
}

function checkAppSecret(
  appSecret: string | undefined,
  nodeEnv: AppConfig['env'],
  problems: string[],
): void {
  if (appSecret && appSecret.length < 32) {
    problems.push('APP_SECRET: must be at least 32 characters');
  } else if (!appSecret && nodeEnv === 'production') {
    problems.push(
      'APP_SECRET: required when NODE_ENV=production (32+ random characters, e.g. `openssl rand -base64 48`)',
    );
  }
}

/** Outside production, a secret kept in the data directory. */
function generatedAppSecret(dataDir: string, warnings: string[]): string {
  const secret = readOrCreateAppSecret(dataDir);
  if (secret.created) {
    warnings.push(
      `APP_SECRET is not set: generated one into ${secret.file}. Set APP_SECRET in production; every node must share it.`,
    );
  }
  return secret.value;
}

function parseNodeEnv(raw: string): AppConfig['env'] {
  if (raw === 'development' || raw === 'production' || raw === 'test')
    return raw;
  throw new Error(`expected development, production or test, got "${raw}"`);
}

function parseDatabaseKind(raw: string): DatabaseKind {
  const scheme = raw.split(':', 1)[0]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgresql';
  if (scheme === 'mongodb' || scheme === 'mongodb+srv') return 'mongodb';
  throw new Error(
    'expected a postgres://… or mongodb://… URL (leave unset for the embedded database)',
  );
}

/** One of pino's level names, any case. */
function parseLogLevel(raw: string): LogLevel {
  const level = raw.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level))
    return level as LogLevel;
  throw new Error(`expected one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
}

function readAdmin(env: Env, problems: string[]): AppConfig['admin'] {
  const {ADMIN_EMAIL: email, ADMIN_PASSWORD: password} = env;
  if (!email && !password) return undefined;
  if (!email || !password) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither');
    return undefined;
  }
  try {
    return {email: parseEmail(email), password};
  } catch (err) {
    problems.push(`ADMIN_EMAIL: ${(err as Error).message}`);
    return undefined;
  }
}

/** Empty variables count as unset, as shells and .env files write them. */
function withoutEmptyValues(env: Env): Env {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([, value]) => value !== undefined && value !== '',
    ),
  );
}

function deepFreeze<T>(value: T): T {
  if (!value || typeof value !== 'object') return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
