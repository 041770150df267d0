import {Request} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {rateLimitedAction} from '../../interceptors/rate-limit.middleware';
import {
  authenticationResponseOf,
  registrationResponseOf,
} from '../../services/mfa/passkey-credential';

const CLIENT_DATA = Buffer.from(
  JSON.stringify({type: 'webauthn.get', challenge: 'x', origin: 'o'}),
).toString('base64url');

function assertion(response: object, extra: object = {}): object {
  return {
    id: 'AbC_-1',
    rawId: 'AbC_-1',
    type: 'public-key',
    response,
    ...extra,
  };
}

/**
 * A credential that is not well formed is the client's mistake
 * (INVALID_PASSKEY, 400), told apart before any cryptography from an
 * assertion that fails (INVALID_MFA_CODE, counted as a wrong proof).
 */
describe('passkey credential input (unit)', () => {
  const good = {
    clientDataJSON: CLIENT_DATA,
    authenticatorData: 'AA',
    signature: 'AA',
  };

  it('accepts a well-formed assertion and fills in clientExtensionResults', () => {
    expect(authenticationResponseOf(assertion(good))).to.containDeep({
      id: 'AbC_-1',
      clientExtensionResults: {},
    });
  });

  for (const [what, credential] of [
    ['no response', {id: 'a', rawId: 'a', type: 'public-key'}],
    ['rawId other than id', assertion(good, {rawId: 'b'})],
    ['a type other than public-key', assertion(good, {type: 'password'})],
    ['an id that is not base64url', assertion(good, {id: 'a+b', rawId: 'a+b'})],
    [
      'clientDataJSON that is not JSON',
      assertion({...good, clientDataJSON: 'bm9wZQ'}),
    ],
    [
      'clientDataJSON holding an array',
      assertion({...good, clientDataJSON: 'WzFd'}),
    ],
    ['no signature', assertion({...good, signature: undefined})],
    [
      'a userHandle that is not base64url',
      assertion({...good, userHandle: 'a b'}),
    ],
    ['an array', [good]],
  ] as const) {
    it(`refuses an assertion with ${what} as INVALID_PASSKEY`, () => {
      expect(() => authenticationResponseOf(credential)).to.throw({
        code: 'INVALID_PASSKEY',
      });
    });
  }

  it('refuses a registration without attestationObject or with odd transports', () => {
    const base = {clientDataJSON: CLIENT_DATA, attestationObject: 'AA'};
    expect(registrationResponseOf(assertion(base))).to.containDeep({
      id: 'AbC_-1',
    });
    for (const response of [
      {clientDataJSON: CLIENT_DATA},
      {...base, transports: 'usb'},
      {...base, transports: [1]},
    ]) {
      expect(() => registrationResponseOf(assertion(response))).to.throw({
        code: 'INVALID_PASSKEY',
      });
    }
  });

  it('limits passkey sign-ins per address as logins, and their options as parked flows', () => {
    const request = (path: string) => ({method: 'POST', path}) as Request;
    expect(rateLimitedAction(request('/auth/passkey/login'))).to.equal('login');
    expect(rateLimitedAction(request('/auth/passkey/options'))).to.equal(
      'providerFlow',
    );
  });
});
