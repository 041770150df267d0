import {expect} from '@loopback/testlab';
import {ProviderEntry} from '../../config/provider-entry';
import {ManualClock} from '../fixtures/manual-clock';
import {givenGoogleServer, GoogleServer} from '../fixtures/google-server';
import {
  givenForgedIdToken,
  givenNativeEntry,
  givenNativeVerifier,
} from '../fixtures/native-tokens';

const gail = {
  sub: '110169484474386276334',
  email: 'Gail@Example.com',
  email_verified: true,
  name: 'Gail Oogle',
};

describe('native exchange: Google ID tokens', () => {
  let google: GoogleServer;
  before(async () => {
    google = await givenGoogleServer();
  });
  after(() => google.stop());

  function givenEntry(extra: object = {}): ProviderEntry {
    return givenNativeEntry('google-login', {
      provider: 'google',
      clientID: 'google-app',
      clientSecret: 'google-secret',
      jwksURL: google.jwksUrl,
      idTokenIssuer: google.url,
      ...extra,
    });
  }

  it('accepts a token for this client, with its nonce', async () => {
    const idToken = await google.signIdToken(gail, {
      aud: 'google-app',
      nonce: 'n-123',
    });
    const result = await givenNativeVerifier().verify(givenEntry(), 'web', {
      idToken,
      nonce: 'n-123',
    });
    expect(result.profile).to.eql({
      externalId: gail.sub,
      email: 'gail@example.com',
      emailVerified: true,
      name: 'Gail Oogle',
    });
    expect(result.tokens.idToken).to.equal(idToken);
  });

  it('keeps email_verified false when Google says so', async () => {
    const idToken = await google.signIdToken(
      {...gail, email_verified: false},
      {aud: 'google-app'},
    );
    const result = await givenNativeVerifier().verify(givenEntry(), 'web', {
      idToken,
    });
    expect(result.profile.emailVerified).to.be.false();
  });

  it('refuses a token signed by another key', async () => {
    const idToken = await givenForgedIdToken({
      iss: google.url,
      aud: 'google-app',
      sub: gail.sub,
      kid: 'k1',
    });
    await expect(
      givenNativeVerifier().verify(givenEntry(), 'web', {idToken}),
    ).to.be.rejectedWith({
      code: 'INVALID_PROVIDER_TOKEN',
      message: /signature/,
    });
  });

  it('refuses a token issued to another client', async () => {
    const idToken = await google.signIdToken(gail, {aud: 'another-app'});
    await expect(
      givenNativeVerifier().verify(givenEntry(), 'web', {idToken}),
    ).to.be.rejectedWith({
      code: 'INVALID_PROVIDER_TOKEN',
      message: /another client/,
    });
  });

  it("checks the audience against the application's own client id", async () => {
    const verifier = givenNativeVerifier({
      perApplication: {'tenant-client': {clientID: 'tenant-google-app'}},
    });
    const forTenant = await google.signIdToken(gail, {
      aud: 'tenant-google-app',
    });
    const forGlobal = await google.signIdToken(gail, {aud: 'google-app'});
    const ok = await verifier.verify(givenEntry(), 'tenant-client', {
      idToken: forTenant,
    });
    expect(ok.profile.externalId).to.equal(gail.sub);
    await expect(
      verifier.verify(givenEntry(), 'tenant-client', {idToken: forGlobal}),
    ).to.be.rejectedWith({code: 'INVALID_PROVIDER_TOKEN'});
  });

  it('refuses a token signed with a past expiry', async () => {
    const idToken = await google.signIdToken(gail, {
      aud: 'google-app',
      expiresIn: -3600,
    });
    await expect(
      givenNativeVerifier().verify(givenEntry(), 'web', {idToken}),
    ).to.be.rejectedWith({code: 'INVALID_PROVIDER_TOKEN', message: /expired/});
  });

  it('refuses a token that expired by our clock', async () => {
    const clock = new ManualClock(Date.now());
    const verifier = givenNativeVerifier({clock});
    const idToken = await google.signIdToken(gail, {aud: 'google-app'});
    await verifier.verify(givenEntry(), 'web', {idToken});
    clock.advance(2 * 3600 * 1000);
    await expect(
      verifier.verify(givenEntry(), 'web', {idToken}),
    ).to.be.rejectedWith({code: 'INVALID_PROVIDER_TOKEN', message: /expired/});
  });

  it('refuses a wrong nonce, and a missing one when a nonce was sent', async () => {
    const withNonce = await google.signIdToken(gail, {
      aud: 'google-app',
      nonce: 'n-1',
    });
    const without = await google.signIdToken(gail, {aud: 'google-app'});
    for (const idToken of [withNonce, without]) {
      await expect(
        givenNativeVerifier().verify(givenEntry(), 'web', {
          idToken,
          nonce: 'n-2',
        }),
      ).to.be.rejectedWith({
        code: 'INVALID_PROVIDER_TOKEN',
        message: /nonce/,
      });
    }
  });

  it('requires a nonce when the entry says so', async () => {
    const idToken = await google.signIdToken(gail, {aud: 'google-app'});
    await expect(
      givenNativeVerifier().verify(givenEntry({requireNonce: true}), 'web', {
        idToken,
      }),
    ).to.be.rejectedWith({code: 'INVALID_REQUEST', message: /nonce/});
  });

  it("accepts only Google's issuers unless the entry names others", async () => {
    const idToken = await google.signIdToken(gail, {aud: 'google-app'});
    const entry = givenNativeEntry('google-login', {
      provider: 'google',
      clientID: 'google-app',
      clientSecret: 'google-secret',
      jwksURL: google.jwksUrl,
    });
    await expect(
      givenNativeVerifier().verify(entry, 'web', {idToken}),
    ).to.be.rejectedWith({
      code: 'INVALID_PROVIDER_TOKEN',
      message: /another issuer/,
    });
  });

  it('refuses what is not a JWT, and asks for id_token', async () => {
    await expect(
      givenNativeVerifier().verify(givenEntry(), 'web', {idToken: 'abc'}),
    ).to.be.rejectedWith({code: 'INVALID_PROVIDER_TOKEN'});
    await expect(
      givenNativeVerifier().verify(givenEntry(), 'web', {accessToken: 'abc'}),
    ).to.be.rejectedWith({code: 'INVALID_REQUEST', message: /id_token/});
  });

  it('answers PROVIDER_ERROR when the key set cannot be fetched', async () => {
    const idToken = await google.signIdToken(gail, {aud: 'google-app'});
    const entry = givenEntry({jwksURL: `${google.url}/no-such-keys`});
    await expect(
      givenNativeVerifier().verify(entry, 'web', {idToken}),
    ).to.be.rejectedWith({code: 'PROVIDER_ERROR', statusCode: 502});
  });
});
