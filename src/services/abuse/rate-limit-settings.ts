/** One limit: at most `points` events per `durationSec` seconds per key. */
export interface LimitRule {
  points: number;
  durationSec: number;
  /** Once over the limit, refuse for this long (default: until the window ends). */
  blockSec?: number;
}

/**
 * The limits the service applies. Every default lives here and is listed in
 * the README's "Abuse resistance" table; an embedding application (or a
 * test) overrides them with `IdentityApplicationOptions.rateLimits`.
 */
export interface RateLimitSettings {
  /** Requests per client IP, per protected route (see RATE_LIMITED_ROUTES). */
  perIp: Record<RateLimitedAction, LimitRule>;
  /**
   * Requests per account a request names, never spendable by a stranger on
   * the owner's behalf: sign-ups per (email, IP), verification mails per
   * signed-in user, and mails per address, which over the quota are
   * silently not sent (the answer stays 202) rather than refused.
   */
  perAccount: Record<AccountLimitedAction, LimitRule>;
  /** Wrong passwords per client IP, JSON login and Basic alike. */
  passwordFailuresPerIp: LimitRule;
  /**
   * Failed `POST /auth/token` requests (wrong code, refresh token, verifier
   * or client secret), per IP and per (client, IP): a stranger's failures
   * spend the stranger's budget only, never a client's or a user's.
   */
  tokenFailures: {perIp: LimitRule; perClientAndIp: LimitRule};
  /** Requests to change one's email, per user (each mails someone). */
  emailChangesPerUser: LimitRule;
  /**
   * Second-step proofs (TOTP codes, recovery codes, passkey assertions):
   * every attempt per user, wrong ones per IP. Wrong ones also lock the
   * second step out as `lockout` locks passwords out.
   */
  secondFactor: {perUser: LimitRule; failuresPerIp: LimitRule};
  lockout: LockoutSettings;
}

/**
 * Progressive lock-out of one account: every `threshold` consecutive wrong
 * passwords lock it for the next step of `stepsSec` (the last step repeats).
 * A correct password outside a lock resets the count.
 */
export interface LockoutSettings {
  threshold: number;
  stepsSec: number[];
  /** Failures older than this (from the first one) are forgotten. */
  memorySec: number;
}

export type RateLimitedAction =
  | 'login'
  | 'token'
  | 'signup'
  | 'passwordReset'
  | 'verificationSend'
  | 'providerFlow';

/**
 * The actions also limited per account. Login is not (LoginService locks
 * accounts out); provider flows name no account before the provider answers;
 * token requests are counted by their failures (tokenFailures), since any
 * per-client or per-session count could be spent by strangers.
 */
export type AccountLimitedAction = Exclude<
  RateLimitedAction,
  'login' | 'providerFlow' | 'token'
>;

/** The routes the per-IP and per-account limits watch, by method and path. */
export const RATE_LIMITED_ROUTES: Record<string, RateLimitedAction> = {
  'POST /auth/login': 'login',
  // The second step of a sign-in counts as a sign-in.
  'POST /auth/mfa': 'login',
  'POST /auth/token': 'token',
  'POST /users': 'signup',
  'POST /auth/password-reset': 'passwordReset',
  'POST /auth/verify-email/send': 'verificationSend',
  'POST /auth/passkey/login': 'login',
  // Each parks a passkey challenge in the store for 5 minutes.
  'POST /auth/passkey/options': 'providerFlow',
};

/**
 * Routes with a path parameter, tried after the fixed ones. A native token
 * exchange is a sign-in, so it shares the per-IP login limit; the token
 * route's per-account limit keys on `client_id` and would cap a whole app.
 */
export const RATE_LIMITED_ROUTE_PATTERNS: [RegExp, RateLimitedAction][] = [
  [/^POST \/auth\/[^/]+\/token$/, 'login'],
  // A directory (LDAP) entry's password sign-in, and its link.
  [/^POST \/auth\/[^/]+\/login$/, 'login'],
  [/^POST \/link\/[^/]+\/login$/, 'login'],
  // Starting a link parks a flow in the store, like GET {authPath}.
  [/^POST \/link\/[^/]+$/, 'providerFlow'],
  // So does an authorization request without a browser sign-in (the
  // interaction waiting for the hosted page).
  [/^(GET|POST) \/oauth\/authorize$/, 'providerFlow'],
];

const MINUTE = 60;
const HOUR = 60 * MINUTE;

// Generous per IP (offices and mobile carriers put many people behind one
// address) and tight per account, where abuse targets one person.
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  perIp: {
    login: {points: 100, durationSec: 15 * MINUTE},
    token: {points: 300, durationSec: 15 * MINUTE},
    signup: {points: 30, durationSec: 15 * MINUTE},
    passwordReset: {points: 20, durationSec: 15 * MINUTE},
    verificationSend: {points: 20, durationSec: 15 * MINUTE},
    // Each start parks a flow in the store for 5 minutes: this bounds what
    // one address can park. A sign-in is two requests (start, callback).
    providerFlow: {points: 300, durationSec: 15 * MINUTE},
  },
  perAccount: {
    signup: {points: 5, durationSec: HOUR},
    passwordReset: {points: 5, durationSec: HOUR},
    verificationSend: {points: 5, durationSec: HOUR},
  },
  passwordFailuresPerIp: {
    points: 50,
    durationSec: 15 * MINUTE,
    blockSec: 15 * MINUTE,
  },
  tokenFailures: {
    perIp: {points: 100, durationSec: 15 * MINUTE, blockSec: 15 * MINUTE},
    perClientAndIp: {
      points: 30,
      durationSec: 15 * MINUTE,
      blockSec: 15 * MINUTE,
    },
  },
  emailChangesPerUser: {points: 5, durationSec: HOUR},
  secondFactor: {
    perUser: {points: 30, durationSec: 15 * MINUTE},
    failuresPerIp: {
      points: 50,
      durationSec: 15 * MINUTE,
      blockSec: 15 * MINUTE,
    },
  },
  lockout: {
    threshold: 5,
    stepsSec: [1 * MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR],
    memorySec: 24 * HOUR,
  },
};

export type RateLimitOverrides = {
  perIp?: Partial<RateLimitSettings['perIp']>;
  perAccount?: Partial<RateLimitSettings['perAccount']>;
  passwordFailuresPerIp?: LimitRule;
  tokenFailures?: Partial<RateLimitSettings['tokenFailures']>;
  emailChangesPerUser?: LimitRule;
  secondFactor?: Partial<RateLimitSettings['secondFactor']>;
  lockout?: Partial<LockoutSettings>;
};

/** The defaults with `overrides` applied, one rule at a time. */
export function rateLimitSettings(
  overrides: RateLimitOverrides = {},
): RateLimitSettings {
  return {
    perIp: {...DEFAULT_RATE_LIMITS.perIp, ...overrides.perIp},
    perAccount: {...DEFAULT_RATE_LIMITS.perAccount, ...overrides.perAccount},
    passwordFailuresPerIp:
      overrides.passwordFailuresPerIp ??
      DEFAULT_RATE_LIMITS.passwordFailuresPerIp,
    tokenFailures: {
      ...DEFAULT_RATE_LIMITS.tokenFailures,
      ...overrides.tokenFailures,
    },
    emailChangesPerUser:
      overrides.emailChangesPerUser ?? DEFAULT_RATE_LIMITS.emailChangesPerUser,
    secondFactor: {
      ...DEFAULT_RATE_LIMITS.secondFactor,
      ...overrides.secondFactor,
    },
    lockout: {...DEFAULT_RATE_LIMITS.lockout, ...overrides.lockout},
  };
}

/**
 * Overrides that lift every per-request limit, for load tests from a single
 * address (`npm run bench`). Wrong passwords still lock accounts out.
 */
export function withoutRequestLimits(): RateLimitOverrides {
  const unlimited: LimitRule = {
    points: Number.MAX_SAFE_INTEGER,
    durationSec: 1,
  };
  const lift = (rules: object) =>
    Object.fromEntries(Object.keys(rules).map(a => [a, unlimited]));
  return {
    perIp: lift(DEFAULT_RATE_LIMITS.perIp),
    perAccount: lift(DEFAULT_RATE_LIMITS.perAccount),
    tokenFailures: lift(DEFAULT_RATE_LIMITS.tokenFailures),
    secondFactor: lift(DEFAULT_RATE_LIMITS.secondFactor),
  };
}
