import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import type {
  RateLimiterAbstract,
  RateLimiterMemory as MemoryLimiter,
  RateLimiterRedis as RedisLimiter,
  RateLimiterRes as LimiterRes,
} from 'rate-limiter-flexible';
import {AppError} from '../../errors';
import {AbuseBindings} from './keys';
import {StoreBindings} from '../store/keys';
import {EphemeralStore} from '../store/ephemeral-store';
import {
  AccountLimitedAction,
  LimitRule,
  RateLimitedAction,
  RateLimitSettings,
} from './rate-limit-settings';
import {RedisStore} from '../store/redis-store';
import {sha256Digest} from '../platform/token-digest';
import {PlatformBindings} from '../platform/keys';
import {MetricsService} from '../platform/metrics.service';

// The classes from their own files: the package's index loads every
// backend it supports (Mongo, MySQL, DynamoDB, etcd…), 36 modules a start
// pays for and never uses.
const RateLimiterMemory =
  require('rate-limiter-flexible/lib/RateLimiterMemory') as typeof MemoryLimiter;
const RateLimiterRes =
  require('rate-limiter-flexible/lib/RateLimiterRes') as typeof LimiterRes;
type RateLimiterRes = LimiterRes;
function redisLimiter(): typeof RedisLimiter {
  return require('rate-limiter-flexible/lib/RateLimiterRedis') as typeof RedisLimiter;
}

/** A limit of the settings, named by what it counts and per what. */
export type LimitName =
  | `ip:${RateLimitedAction}`
  | `account:${AccountLimitedAction}`
  | 'password-failures:ip'
  | 'token-failures:ip'
  | 'token-failures:client-ip'
  | 'email-changes:user'
  | 'second-factor:user'
  | 'second-factor-failures:ip';

/**
 * Counts events per key with rate-limiter-flexible: in memory on one node,
 * or in Redis (on the store's own connection and key prefix) when the
 * store is Redis, so every node shares the counts. Keys are digested, so
 * no email or address is written to Redis in clear.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AbuseBindings.RATE_LIMITER_SERVICE},
})
export class RateLimiterService {
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();

  constructor(
    @inject(AbuseBindings.RATE_LIMIT_SETTINGS)
    private settings: RateLimitSettings,
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(PlatformBindings.METRICS, {optional: true})
    private metrics?: MetricsService,
  ) {}

  /** Counts one event; over the limit throws `RATE_LIMITED` with Retry-After. */
  async consume(limit: LimitName, key: string): Promise<void> {
    try {
      await this.run(() => this.limiter(limit).consume(digest(key)));
    } catch (err) {
      if (err instanceof RateLimiterRes) throw this.refuse(limit, err);
      throw err;
    }
  }

  /**
   * Gives back one event `consume` counted, for an attempt that turned out
   * not to be the caller's to pay for (the server could not judge it).
   */
  async refund(limit: LimitName, key: string): Promise<void> {
    await this.run(() => this.limiter(limit).reward(digest(key), 1));
  }

  /** Throws `RATE_LIMITED` when the limit is already reached; counts nothing. */
  async assertUnder(limit: LimitName, key: string): Promise<void> {
    const res = await this.run(() => this.limiter(limit).get(digest(key)));
    if (res && res.consumedPoints >= this.rule(limit).points) {
      throw this.refuse(limit, res);
    }
  }

  /** The refusal, counted by limit name (never by key). */
  private refuse(limit: LimitName, res: RateLimiterRes): AppError {
    this.metrics?.rateLimitRefusal(limit);
    return rateLimited(res);
  }

  /**
   * Counts one event without refusing it (e.g. a wrong password, already
   * answered); reaching the limit starts the rule's block, if it has one.
   */
  async penalize(limit: LimitName, key: string): Promise<void> {
    const limiter = this.limiter(limit);
    const rule = this.rule(limit);
    const res = await this.run(() => limiter.penalty(digest(key)));
    if (rule.blockSec && res.consumedPoints === rule.points) {
      await this.run(() => limiter.block(digest(key), rule.blockSec!));
    }
  }

  private limiter(limit: LimitName): RateLimiterAbstract {
    let limiter = this.limiters.get(limit);
    if (!limiter) {
      limiter = this.createLimiter(limit, this.rule(limit));
      this.limiters.set(limit, limiter);
    }
    return limiter;
  }

  private createLimiter(
    limit: LimitName,
    rule: LimitRule,
  ): RateLimiterAbstract {
    const options = {
      points: rule.points,
      duration: rule.durationSec,
      blockDuration: rule.blockSec ?? 0,
    };
    if (this.store instanceof RedisStore) {
      return new (redisLimiter())({
        ...options,
        storeClient: this.store.client,
        keyPrefix: `${this.store.keyPrefix}rl:${limit}`,
      });
    }
    return new RateLimiterMemory({...options, keyPrefix: `rl:${limit}`});
  }

  private rule(limit: LimitName): LimitRule {
    if (limit === 'password-failures:ip') {
      return this.settings.passwordFailuresPerIp;
    }
    if (limit === 'token-failures:ip') return this.settings.tokenFailures.perIp;
    if (limit === 'token-failures:client-ip') {
      return this.settings.tokenFailures.perClientAndIp;
    }
    if (limit === 'email-changes:user') {
      return this.settings.emailChangesPerUser;
    }
    if (limit === 'second-factor:user') {
      return this.settings.secondFactor.perUser;
    }
    if (limit === 'second-factor-failures:ip') {
      return this.settings.secondFactor.failuresPerIp;
    }
    const [scope, action] = limit.split(':') as ['ip' | 'account', string];
    const rules: Record<string, LimitRule> =
      scope === 'ip' ? this.settings.perIp : this.settings.perAccount;
    const rule = rules[action];
    if (!rule) throw new Error(`No rate limit named ${limit}`);
    return rule;
  }

  /**
   * rate-limiter-flexible rejects with a RateLimiterRes when over the limit
   * and with an Error when Redis fails; the latter is the store's 503.
   */
  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      if (err instanceof RateLimiterRes) throw err;
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'The ephemeral store cannot be reached',
      );
    }
  }
}

function digest(key: string): string {
  return sha256Digest(key).slice(0, 32);
}

function rateLimited(res: RateLimiterRes): AppError {
  const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new AppError(
    'RATE_LIMITED',
    `Too many requests; try again in ${retryAfter} seconds.`,
    {headers: {'Retry-After': String(retryAfter)}},
  );
}
