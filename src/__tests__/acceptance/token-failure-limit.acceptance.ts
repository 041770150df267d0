import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {givenPkce, postForm} from '../fixtures/oauth';
import {givenGuardApp, GuardApp, givenUser} from '../fixtures/guard';

const REDIRECT_URI = 'http://localhost:3000/';

/**
 * Strangers must not be able to spend a public client's budget at the
 * token endpoint: failures count per IP and per (client, IP) only.
 */
describe('POST /auth/token failure limits (acceptance)', () => {
  let running: GuardApp;
  afterEach(async () => {
    await running?.app.stop();
  });

  async function givenApp() {
    running = await givenGuardApp({
      env: {TRUST_PROXY: 'loopback'},
      rateLimits: {
        tokenFailures: {
          perIp: {points: 5, durationSec: 900, blockSec: 900},
          perClientAndIp: {points: 3, durationSec: 900, blockSec: 900},
        },
      },
    });
    return running;
  }

  async function givenCode() {
    const user = await givenUser(running.app);
    const codes = await running.app.get(
      IdentityBindings.AUTHORIZATION_CODE_SERVICE,
    );
    const pkce = givenPkce();
    const code = await codes.issue({
      userId: user.id,
      clientId: 'web',
      redirectUri: REDIRECT_URI,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      authMethod: 'github',
    });
    return {code, verifier: pkce.verifier, userId: user.id};
  }

  function exchange(ip: string, form: Record<string, string>) {
    return postForm(running.client, '/auth/token', {
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URI,
      client_id: 'web',
      ...form,
    }).set('X-Forwarded-For', ip);
  }

  const bogus = (i: number) => ({
    code: `bogus-code-${i}`,
    code_verifier: givenPkce().verifier,
  });

  it('does not let bogus exchanges from many addresses stop a real one', async () => {
    await givenApp();
    // More than the former per-client budget (60 per 15 min), from 21 IPs.
    for (let ip = 1; ip <= 21; ip++) {
      for (let i = 0; i < 3; i++) {
        const res = await exchange(`10.1.0.${ip}`, bogus(i));
        expect(res.status).to.equal(400);
        expect(res.body.error).to.equal('invalid_grant');
      }
    }
    const {code, verifier, userId} = await givenCode();
    const res = await exchange('10.2.0.1', {code, code_verifier: verifier});
    expect(res.status).to.equal(200);
    expect(res.body.user_id).to.equal(userId);
  });

  it('still limits the failures of one address, per client and in all', async () => {
    await givenApp();
    const ip = '10.3.0.1';
    for (let i = 0; i < 3; i++) {
      await exchange(ip, bogus(i)).expect(400);
    }
    // Even a good code is refused from there while the block lasts.
    const {code, verifier} = await givenCode();
    const limited = await exchange(ip, {code, code_verifier: verifier});
    expect(limited.status).to.equal(429);
    expect(limited.body.error.code).to.equal('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).to.be.within(800, 900);
    // Another client from the same address has its own (client, IP) count,
    // until the address's own failure limit is reached.
    for (let i = 0; i < 2; i++) {
      const other = await exchange(ip, {...bogus(i), client_id: 'other'});
      expect(other.status).to.be.oneOf(400, 401);
    }
    const spent = await exchange(ip, {...bogus(9), client_id: 'third'});
    expect(spent.status).to.equal(429);
    // The good code was never tried: it still works from elsewhere.
    await exchange('10.3.0.2', {code, code_verifier: verifier}).expect(200);
  });
});
