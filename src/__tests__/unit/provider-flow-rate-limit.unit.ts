import {Request} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {ProviderEntry} from '../../config/provider-entry';
import {
  providerFlowRoutes,
  rateLimitedAction,
} from '../../interceptors/rate-limit.middleware';
import {
  DEFAULT_RATE_LIMITS,
  rateLimitSettings,
  withoutRequestLimits,
} from '../../services/abuse/rate-limit-settings';

describe('provider flow routes are rate limited (unit)', () => {
  const routes = providerFlowRoutes([
    {
      authPath: '/auth/facebook-login',
      callbackPath: '/auth/facebook-login/callback',
    },
    // LoopBack 3 entries name their own paths.
    {authPath: '/link/google', callbackPath: '/link/google/callback'},
  ] as ProviderEntry[]);

  function action(method: string, path: string) {
    return rateLimitedAction({method, path} as Request, routes);
  }

  it('counts starts and callbacks (GET and POST) of every entry', () => {
    expect(action('GET', '/auth/facebook-login')).to.equal('providerFlow');
    expect(action('GET', '/auth/facebook-login/callback')).to.equal(
      'providerFlow',
    );
    expect(action('POST', '/auth/facebook-login/callback/')).to.equal(
      'providerFlow',
    );
    expect(action('GET', '/link/google')).to.equal('providerFlow');
    expect(action('POST', '/link/google/callback')).to.equal('providerFlow');
  });

  it('counts starting a link as a provider flow', () => {
    expect(action('POST', '/link/facebook-login')).to.equal('providerFlow');
  });

  it('leaves the provider list and other methods alone', () => {
    expect(action('GET', '/auth/providers')).to.be.undefined();
    expect(action('POST', '/auth/facebook-login')).to.be.undefined();
    expect(action('POST', '/auth/login')).to.equal('login');
  });

  it('defaults to 300 per IP per 15 minutes, lifted for benchmarks', () => {
    expect(DEFAULT_RATE_LIMITS.perIp.providerFlow).to.eql({
      points: 300,
      durationSec: 900,
    });
    const lifted = rateLimitSettings(withoutRequestLimits());
    expect(lifted.perIp.providerFlow.points).to.equal(Number.MAX_SAFE_INTEGER);
  });
});
