import {expect} from '@loopback/testlab';
import {ProviderEntry} from '../../config/provider-entry';
import {ManualClock} from '../fixtures/manual-clock';
import {facebookEndpoints} from '../../services/providers/native/facebook-token.verifier';
import {givenFacebookServer, FacebookServer} from '../fixtures/facebook-server';
import {givenNativeEntry, givenNativeVerifier} from '../fixtures/native-tokens';

describe('native exchange: Facebook user access tokens', () => {
  let facebook: FacebookServer;
  before(async () => {
    facebook = await givenFacebookServer({
      apps: {'fb-app': 'fb-secret', 'tenant-app': 'tenant-secret'},
    });
  });
  after(() => facebook.stop());

  function givenEntry(extra: object = {}): ProviderEntry {
    return givenNativeEntry('facebook-login', {
      provider: 'facebook',
      clientID: 'fb-app',
      clientSecret: 'fb-secret',
      ...facebook.entryOptions(),
      ...extra,
    });
  }

  const fay = {id: '10001', name: 'Fay Book', email: 'Fay@Example.com'};

  it('accepts a token of this app and reads the profile', async () => {
    const token = facebook.issueUserToken(fay, 'fb-app');
    const result = await givenNativeVerifier().verify(givenEntry(), 'web', {
      accessToken: token,
    });
    expect(result.profile).to.eql({
      externalId: '10001',
      email: 'fay@example.com',
      emailVerified: true,
      name: 'Fay Book',
    });
    expect(result.tokens.accessToken).to.equal(token);
  });

  it("refuses another app's token, without echoing it", async () => {
    const token = facebook.issueUserToken(fay, 'someone-elses-app');
    const err = await givenNativeVerifier()
      .verify(givenEntry(), 'web', {accessToken: token})
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(err).to.containDeep({code: 'INVALID_PROVIDER_TOKEN'});
    expect(err?.message).to.match(/another app/);
    expect(err?.message).to.not.containEql(token);
  });

  it('refuses a token that expired by our clock', async () => {
    const clock = new ManualClock(Date.now());
    const expiresAt = Math.floor(clock.now() / 1000) + 60;
    const token = facebook.issueUserToken(fay, 'fb-app', {expiresAt});
    const verifier = givenNativeVerifier({clock});
    const ok = await verifier.verify(givenEntry(), 'web', {accessToken: token});
    expect(ok.tokens.expiresAt).to.equal(expiresAt * 1000);
    clock.advance(61_000);
    await expect(
      verifier.verify(givenEntry(), 'web', {accessToken: token}),
    ).to.be.rejectedWith({code: 'INVALID_PROVIDER_TOKEN', message: /expired/});
  });

  it('refuses a token Facebook does not know', async () => {
    await expect(
      givenNativeVerifier().verify(givenEntry(), 'web', {
        accessToken: 'made-up-token',
      }),
    ).to.be.rejectedWith({code: 'INVALID_PROVIDER_TOKEN', statusCode: 401});
  });

  it("checks the token against the application's own Facebook app", async () => {
    const verifier = givenNativeVerifier({
      perApplication: {
        'tenant-client': {
          clientID: 'tenant-app',
          clientSecret: 'tenant-secret',
        },
      },
    });
    const tenantToken = facebook.issueUserToken(fay, 'tenant-app');
    const globalToken = facebook.issueUserToken(fay, 'fb-app');
    const ok = await verifier.verify(givenEntry(), 'tenant-client', {
      accessToken: tenantToken,
    });
    expect(ok.profile.externalId).to.equal('10001');
    await expect(
      verifier.verify(givenEntry(), 'tenant-client', {
        accessToken: globalToken,
      }),
    ).to.be.rejectedWith({code: 'INVALID_PROVIDER_TOKEN'});
  });

  it('answers PROVIDER_ERROR when Facebook refuses our app credentials', async () => {
    const token = facebook.issueUserToken(fay, 'fb-app');
    await expect(
      givenNativeVerifier().verify(
        givenEntry({clientSecret: 'wrong-secret'}),
        'web',
        {accessToken: token},
      ),
    ).to.be.rejectedWith({code: 'PROVIDER_ERROR', statusCode: 502});
  });

  it('answers PROVIDER_ERROR when Facebook cannot be reached', async () => {
    const gone = await givenFacebookServer();
    await gone.stop();
    await expect(
      givenNativeVerifier().verify(givenEntry(gone.entryOptions()), 'web', {
        accessToken: 'any-token',
      }),
    ).to.be.rejectedWith({code: 'PROVIDER_ERROR'});
  });

  it('requires access_token', async () => {
    await expect(
      givenNativeVerifier().verify(givenEntry(), 'web', {idToken: 'x'}),
    ).to.be.rejectedWith({code: 'INVALID_REQUEST'});
  });

  it('places debug_token beside an overridden profileURL, or as told', () => {
    expect(
      facebookEndpoints(givenEntry({profileURL: 'https://g.test/v3.2/me'}))
        .debugToken.href,
    ).to.equal('https://g.test/v3.2/debug_token');
    const told = facebookEndpoints(
      givenNativeEntry('fb', {
        provider: 'facebook',
        clientID: 'a',
        clientSecret: 'b',
        graphApiURL: 'https://graph.test/v20.0/',
      }),
    );
    expect(told.debugToken.href).to.equal(
      'https://graph.test/v20.0/debug_token',
    );
    expect(told.profile.href).to.equal('https://graph.test/v20.0/me');
  });
});
