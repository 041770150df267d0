import {expect} from '@loopback/testlab';
import {ProviderEntry} from '../../config/provider-entry';
import {
  givenForgedIdToken,
  givenNativeEntry,
  givenNativeVerifier,
} from '../fixtures/native-tokens';
import {givenOidcServer, OidcServer} from '../fixtures/oidc-server';

describe('native exchange: OpenID Connect ID tokens', () => {
  let oidc: OidcServer;
  before(async () => {
    oidc = await givenOidcServer({redirectUri: 'http://id.test:3000/cb'});
  });
  after(() => oidc.stop());

  function givenEntry(extra: object = {}): ProviderEntry {
    return givenNativeEntry('oidc-login', {
      provider: 'oidc',
      module: 'openid-client',
      issuer: oidc.issuer,
      clientID: oidc.clientId,
      clientSecret: oidc.clientSecret,
      ...extra,
    });
  }

  it('accepts a token from the discovered issuer', async () => {
    const idToken = await oidc.signIdToken({nonce: 'n-9'});
    const result = await givenNativeVerifier().verify(givenEntry(), 'web', {
      idToken,
      nonce: 'n-9',
    });
    expect(result.profile).to.containDeep({
      externalId: 'oidc-user-1',
      email: 'olive@example.com',
      emailVerified: true,
    });
  });

  it('refuses a forged signature, a wrong audience and a wrong nonce', async () => {
    const verifier = givenNativeVerifier();
    const forged = await givenForgedIdToken({
      iss: oidc.issuer,
      aud: oidc.clientId,
      sub: 'oidc-user-1',
      kid: 'op-key',
    });
    const wrongAudience = await oidc.signIdToken({aud: 'other-client'});
    const nonced = await oidc.signIdToken({nonce: 'right'});
    for (const [idToken, nonce] of [
      [forged, undefined],
      [wrongAudience, undefined],
      [nonced, 'wrong'],
    ] as const) {
      await expect(
        verifier.verify(givenEntry(), 'web', {idToken, nonce}),
      ).to.be.rejectedWith({code: 'INVALID_PROVIDER_TOKEN'});
    }
  });

  it('refuses an expired token', async () => {
    const idToken = await oidc.signIdToken({expiresIn: -600});
    await expect(
      givenNativeVerifier().verify(givenEntry(), 'web', {idToken}),
    ).to.be.rejectedWith({code: 'INVALID_PROVIDER_TOKEN', message: /expired/});
  });

  it('with several audiences, requires azp to name the client', async () => {
    const aud = [oidc.clientId, 'other-client'];
    const noAzp = await oidc.signIdToken({aud});
    const otherAzp = await oidc.signIdToken({aud, azp: 'other-client'});
    const ownAzp = await oidc.signIdToken({aud, azp: oidc.clientId});
    const verifier = givenNativeVerifier();
    for (const idToken of [noAzp, otherAzp]) {
      await expect(
        verifier.verify(givenEntry(), 'web', {idToken}),
      ).to.be.rejectedWith({code: 'INVALID_PROVIDER_TOKEN', message: /azp/});
    }
    const ok = await verifier.verify(givenEntry(), 'web', {idToken: ownAzp});
    expect(ok.profile.externalId).to.equal('oidc-user-1');
  });

  it('answers PROVIDER_ERROR when the issuer cannot be reached', async () => {
    const gone = await givenOidcServer({redirectUri: 'http://id.test/cb'});
    await gone.stop();
    await expect(
      givenNativeVerifier().verify(givenEntry({issuer: gone.issuer}), 'web', {
        idToken: await oidc.signIdToken(),
      }),
    ).to.be.rejectedWith({code: 'PROVIDER_ERROR'});
  });
});

describe('native exchange: entries that do not offer it', () => {
  it('refuses an entry without tokenExchange', async () => {
    const entry = givenNativeEntry('google-login', {
      provider: 'google',
      clientID: 'google-app',
      clientSecret: 'google-secret',
      tokenExchange: false,
    });
    await expect(
      givenNativeVerifier().verify(entry, 'web', {idToken: 'x'}),
    ).to.be.rejectedWith({code: 'TOKEN_EXCHANGE_NOT_ENABLED', statusCode: 400});
  });

  it('refuses a provider that has no native exchange', async () => {
    const entry = givenNativeEntry('github-login', {
      provider: 'github',
      clientID: 'gh',
      clientSecret: 'gh-secret',
    });
    await expect(
      givenNativeVerifier().verify(entry, 'web', {accessToken: 'x'}),
    ).to.be.rejectedWith({code: 'TOKEN_EXCHANGE_NOT_ENABLED'});
  });
});
