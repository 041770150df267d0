import {Request} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {
  accountKey,
  rateLimitedAction,
} from '../../interceptors/rate-limit.middleware';
import {
  rateLimitSettings,
  withoutRequestLimits,
} from '../../services/abuse/rate-limit-settings';

describe('rate-limited routes (unit)', () => {
  function request(method: string, path: string): Request {
    return {method, path} as Request;
  }

  it('recognises the protected routes by method and path', () => {
    expect(rateLimitedAction(request('POST', '/auth/login'))).to.equal('login');
    expect(rateLimitedAction(request('post', '/auth/token/'))).to.equal(
      'token',
    );
    expect(rateLimitedAction(request('POST', '/users'))).to.equal('signup');
    expect(rateLimitedAction(request('POST', '/auth/password-reset'))).to.equal(
      'passwordReset',
    );
    expect(
      rateLimitedAction(request('POST', '/auth/verify-email/send')),
    ).to.equal('verificationSend');
  });

  it('limits native token exchanges per IP as sign-ins', () => {
    expect(
      rateLimitedAction(request('POST', '/auth/google-login/token')),
    ).to.equal('login');
    expect(
      rateLimitedAction(request('GET', '/auth/google-login/token')),
    ).to.be.undefined();
    expect(
      rateLimitedAction(request('POST', '/auth/a/b/token')),
    ).to.be.undefined();
  });

  it('limits directory password sign-ins and links per IP as sign-ins', () => {
    expect(rateLimitedAction(request('POST', '/auth/corp/login'))).to.equal(
      'login',
    );
    expect(rateLimitedAction(request('POST', '/link/corp/login'))).to.equal(
      'login',
    );
    expect(rateLimitedAction(request('POST', '/link/corp'))).to.equal(
      'providerFlow',
    );
  });

  it('leaves other routes alone', () => {
    expect(rateLimitedAction(request('GET', '/users'))).to.be.undefined();
    expect(
      rateLimitedAction(request('POST', '/auth/password-reset/confirm')),
    ).to.be.undefined();
    expect(rateLimitedAction(request('GET', '/health'))).to.be.undefined();
  });

  it('keys accounts only as the requester alone can spend them', () => {
    // Sign-ups per (email, IP): a stranger cannot spend the owner's budget.
    expect(
      accountKey('signup', {email: ' A@Example.com '}, '10.0.0.1'),
    ).to.equal('email:a@example.com|ip:10.0.0.1');
    // Mails are the mail quotas' (EmailFlowService).
    expect(
      accountKey('verificationSend', {email: 'a@example.com'}, 'ip'),
    ).to.be.undefined();
    expect(
      accountKey('passwordReset', {email: 'a@example.com'}, 'ip'),
    ).to.be.undefined();
    // A where-operator object is not a key (validation refuses it anyway).
    expect(accountKey('signup', {email: {neq: null}}, 'ip')).to.be.undefined();
  });

  it('applies overrides rule by rule over the defaults', () => {
    const settings = rateLimitSettings({
      perIp: {signup: {points: 2, durationSec: 10}},
      lockout: {threshold: 3},
    });
    expect(settings.perIp.signup).to.eql({points: 2, durationSec: 10});
    expect(settings.perIp.login.points).to.equal(100);
    expect(settings.lockout.threshold).to.equal(3);
    expect(settings.lockout.stepsSec).to.eql([60, 300, 900, 3600]);
  });

  it('lifts every per-request limit for benchmarks, keeping the lock-out', () => {
    const settings = rateLimitSettings(withoutRequestLimits());
    for (const rule of [
      ...Object.values(settings.perIp),
      ...Object.values(settings.perAccount),
      ...Object.values(settings.tokenFailures),
    ]) {
      expect(rule.points).to.equal(Number.MAX_SAFE_INTEGER);
    }
    expect(settings.lockout.threshold).to.equal(5);
  });
});
