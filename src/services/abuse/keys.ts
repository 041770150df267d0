import {BindingKey} from '@loopback/core';
import type {LoginLockoutService} from './login-lockout.service';
import type {RateLimitSettings} from './rate-limit-settings';
import type {RateLimiterService} from './rate-limiter.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of rate limits and lockout; also in IdentityBindings. */
export namespace AbuseBindings {
  /** Rate limits and lock-out steps: the defaults plus the app's overrides. */
  export const RATE_LIMIT_SETTINGS = BindingKey.create<RateLimitSettings>(
    'identity.rate-limits',
  );
  export const RATE_LIMITER_SERVICE = BindingKey.create<RateLimiterService>(
    'identity.services.rate-limiter',
  );
  export const LOGIN_LOCKOUT_SERVICE = BindingKey.create<LoginLockoutService>(
    'identity.services.login-lockout',
  );
}
