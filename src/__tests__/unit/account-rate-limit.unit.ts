import {MiddlewareContext} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {AccountRateLimitMiddlewareProvider} from '../../interceptors/rate-limit.middleware';
import {ManualClock} from '../fixtures/manual-clock';
import {MemoryStore} from '../../services/store/memory-store';
import {rateLimitSettings} from '../../services/abuse/rate-limit-settings';
import {RateLimiterService} from '../../services/abuse/rate-limiter.service';

describe('per-account rate limits (unit)', () => {
  let store: MemoryStore;
  let middleware: ReturnType<AccountRateLimitMiddlewareProvider['value']>;

  beforeEach(() => {
    store = new MemoryStore(new ManualClock());
    const limiter = new RateLimiterService(
      rateLimitSettings({
        perAccount: {signup: {points: 2, durationSec: 3600}},
      }),
      store,
    );
    middleware = new AccountRateLimitMiddlewareProvider(limiter).value();
  });
  afterEach(() => store.close());

  function givenSignUp(email: string, ip: string): MiddlewareContext {
    return {
      request: {method: 'POST', path: '/users', body: {email}, ip, headers: {}},
      getSync: () => undefined,
    } as unknown as MiddlewareContext;
  }

  async function send(email: string, ip = '10.0.0.1'): Promise<unknown> {
    return middleware(givenSignUp(email, ip), async () => 'handled');
  }

  it('refuses the same email from the same address past its limit', async () => {
    expect(await send('a@example.com')).to.equal('handled');
    expect(await send('A@Example.com ')).to.equal('handled');
    await expect(send('a@example.com')).to.be.rejectedWith({
      code: 'RATE_LIMITED',
      statusCode: 429,
    });
    // Another account, or the same one from another address, is unaffected:
    // a stranger cannot spend the owner's budget.
    expect(await send('b@example.com')).to.equal('handled');
    expect(await send('a@example.com', '10.0.0.2')).to.equal('handled');
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
