import {expect} from '@loopback/testlab';
import {AppConfig} from '../../config';
import {User} from '../../models';
import {PasswordCredentialRepository, UserRepository} from '../../repositories';
import {AuditService} from '../../services/platform/audit.service';
import {ManualClock} from '../fixtures/manual-clock';
import {DeviceTokenService} from '../../services/tokens/device-token.service';
import {LoginLockoutService} from '../../services/abuse/login-lockout.service';
import {
  LoginService,
  standInUserId,
} from '../../services/accounts/login.service';
import {MemoryStore} from '../../services/store/memory-store';
import {PasswordService} from '../../services/accounts/password.service';
import {rateLimitSettings} from '../../services/abuse/rate-limit-settings';
import {RateLimiterService} from '../../services/abuse/rate-limiter.service';

const KNOWN = 'known@example.com';
const THRESHOLD = 3;

/**
 * Timing is never measured in tests; instead, a wrong password for an
 * existing account and any password for an unknown login must make the
 * same calls, in the same order, on every collaborator (repositories,
 * store, hasher, limiter, audit): the same work takes the same time.
 */
describe('LoginService: unknown logins do the same work (unit)', () => {
  let calls: string[];
  let store: MemoryStore;
  let service: LoginService;
  let disabled: boolean;
  let devices: DeviceTokenService;
  let lockout: LoginLockoutService;

  beforeEach(() => {
    calls = [];
    disabled = false;
    const clock = new ManualClock();
    store = new MemoryStore(clock);
    const user = () =>
      new User({id: 'u1', email: KNOWN, disabled, deviceEpoch: 'now'} as User);
    const users = {
      findByLogin: async (login: string) => (login === KNOWN ? user() : null),
      updateById: async () => {},
    };
    const passwords = {
      findOne: async (filter: {where: {userId: string}}) =>
        filter.where.userId === 'u1'
          ? {id: 'p1', userId: 'u1', hash: 'H'}
          : null,
      updateById: async () => {},
    };
    const hasher = {
      verifyOrDummy: async (hash: string | undefined, password: string) =>
        hash === 'H' && password === 'right',
      needsRehash: () => false,
      hash: async () => 'H',
    };
    const limiter = {assertUnder: async () => {}, penalize: async () => {}};
    const audit = {record: async () => {}};
    const settings = rateLimitSettings({lockout: {threshold: THRESHOLD}});
    devices = new DeviceTokenService(
      {appSecret: 'x'.repeat(32)} as AppConfig,
      {} as UserRepository,
    );
    lockout = new LoginLockoutService(counting('store', store), settings);
    service = new LoginService(
      counting<UserRepository>('users', users),
      counting<PasswordCredentialRepository>('passwords', passwords),
      counting<PasswordService>('hasher', hasher),
      {requireEmailVerification: false} as AppConfig,
      clock,
      counting<RateLimiterService>('limiter', limiter),
      lockout,
      counting<AuditService>('audit', audit),
      devices,
    );
  });
  afterEach(() => store.close());

  /** The calls of `tries` refused logins, and what each one answered. */
  async function trace(
    login: string,
    tries = 1,
    deviceToken?: string,
  ): Promise<string[]> {
    calls = [];
    for (let i = 0; i < tries; i++) {
      const err = await service
        .verifyPassword(login, 'wrong', {ip: '192.0.2.1', deviceToken})
        .catch((e: {code?: string}) => e);
      calls.push(`=> ${(err as {code?: string}).code}`);
    }
    return calls;
  }

  it('makes the same calls for a wrong password and an unknown login', async () => {
    const known = await trace(KNOWN);
    const unknown = await trace('nobody@example.com');
    expect(unknown).to.eql(known);
    expect(known).to.containEql('passwords.findOne');
    expect(known).to.containEql('store.increment');
  });

  it('keeps making the same calls up to and through a lock-out', async () => {
    const known = await trace(KNOWN, THRESHOLD + 2);
    const unknown = await trace('nobody@example.com', THRESHOLD + 2);
    expect(unknown).to.eql(known);
    // The lock was reached and recorded on both paths.
    expect(known).to.containEql('audit.record');
    expect(known).to.containEql('store.set');
  });

  it('makes the same calls for a disabled account', async () => {
    disabled = true;
    const known = await trace(KNOWN);
    const unknown = await trace('nobody@example.com');
    expect(unknown).to.eql(known);
  });

  it('takes a device token from before the password changed for no token', async () => {
    const stale = devices.issue({id: 'u1', deviceEpoch: 'before'});
    const current = devices.issue({id: 'u1', deviceEpoch: 'now'});
    expect(
      devices.deviceOf(current, {id: 'u1', deviceEpoch: 'now'}),
    ).to.be.ok();
    const withStale = await trace(KNOWN, THRESHOLD, stale);
    expect(withStale).to.eql(await trace('nobody@example.com', THRESHOLD));
    // Its failures were the account's untrusted ones: they locked it.
    expect(await lockout.lockedFor('u1')).to.be.above(0);
  });

  it('gives unknown logins a stable stand-in id that no user can have', () => {
    const id = standInUserId(' Nobody@Example.com ');
    expect(id).to.equal(standInUserId('nobody@example.com'));
    expect(id).to.match(
      /^[0-9a-f]{8}-[0-9a-f]{4}-0[0-9a-f]{3}-0[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(id).to.not.equal(standInUserId('other@example.com'));
  });

  /** `impl` behind a proxy that logs `name.method` for every call. */
  function counting<T>(name: string, impl: object): T {
    return new Proxy(impl, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${name}.${String(prop)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as T;
  }
});
