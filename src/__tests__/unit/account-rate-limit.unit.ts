import {MiddlewareContext} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {AccountRateLimitMiddlewareProvider} from '../../interceptors/rate-limit.middleware';
import {ManualClock} from '../../services/clock';
import {MemoryStore} from '../../services/memory-store';
import {rateLimitSettings} from '../../services/rate-limit-settings';
import {RateLimiterService} from '../../services/rate-limiter.service';

describe('per-account rate limits (unit)', () => {
  let store: MemoryStore;
  let middleware: ReturnType<AccountRateLimitMiddlewareProvider['value']>;

  beforeEach(() => {
    store = new MemoryStore(new ManualClock());
    const limiter = new RateLimiterService(
      rateLimitSettings({
        perAccount: {passwordReset: {points: 2, durationSec: 3600}},
      }),
      store,
    );
    middleware = new AccountRateLimitMiddlewareProvider(limiter).value();
  });
  afterEach(() => store.close());

  function givenResetRequest(email: string): MiddlewareContext {
    return {
      request: {method: 'POST', path: '/auth/password-reset', body: {email}},
      getSync: () => undefined,
    } as unknown as MiddlewareContext;
  }

  async function send(email: string): Promise<unknown> {
    return middleware(givenResetRequest(email), async () => 'handled');
  }

  it('refuses the same email past its limit, from any address', async () => {
    expect(await send('a@example.com')).to.equal('handled');
    expect(await send('A@Example.com ')).to.equal('handled');
    await expect(send('a@example.com')).to.be.rejectedWith({
      code: 'RATE_LIMITED',
      statusCode: 429,
    });
    // Another account is unaffected.
    expect(await send('b@example.com')).to.equal('handled');
  });

  it('tells when to retry', async () => {
    await send('c@example.com');
    await send('c@example.com');
    const err = await send('c@example.com').then(
      () => undefined,
      e => e,
    );
    expect(Number(err.headers['Retry-After'])).to.be.within(3500, 3600);
  });
});
