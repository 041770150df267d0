import {Client, expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {codeOf} from '../fixtures/accounts';
import {FacebookServer} from '../fixtures/facebook-server';
import {GoogleServer} from '../fixtures/google-server';
import {
  givenGoogleUser,
  givenMail,
  givenNativeTokenScene,
} from '../fixtures/native-token-app';
import {givenForgedIdToken} from '../fixtures/native-tokens';
import {OidcServer} from '../fixtures/oidc-server';

describe('POST /auth/{name}/token: native apps (acceptance)', () => {
  const scene = givenNativeTokenScene();
  let facebook: FacebookServer;
  let google: GoogleServer;
  let oidc: OidcServer;
  let client: Client;
  before(() => ({facebook, google, oidc, client} = scene));

  describe('refuses with INVALID_PROVIDER_TOKEN', () => {
    it('a Google token signed by another key', async () => {
      const forged = await givenForgedIdToken({
        iss: google.url,
        aud: 'google-app',
        sub: randomUUID(),
        kid: 'k1',
      });
      await expectRefused({id_token: forged}, 'google-login');
    });

    it('a token issued to another client', async () => {
      const idToken = await google.signIdToken(givenGoogleUser(), {
        aud: 'someone-elses-app',
      });
      await expectRefused({id_token: idToken}, 'google-login');
      await expectRefused(
        {id_token: await oidc.signIdToken({aud: 'other-client'})},
        'oidc-login',
      );
    });

    it('an expired token', async () => {
      const idToken = await google.signIdToken(givenGoogleUser(), {
        aud: 'google-app',
        expiresIn: -600,
      });
      await expectRefused({id_token: idToken}, 'google-login');
      await expectRefused(
        {id_token: await oidc.signIdToken({expiresIn: -600})},
        'oidc-login',
      );
    });

    it('a wrong nonce', async () => {
      const idToken = await google.signIdToken(givenGoogleUser(), {
        aud: 'google-app',
        nonce: 'sent-to-sdk',
      });
      await expectRefused({id_token: idToken, nonce: 'other'}, 'google-login');
    });

    it("a Facebook token of another app, and one Facebook doesn't know", async () => {
      const fay = {id: randomUUID(), email: givenMail('fay')};
      await expectRefused(
        {access_token: facebook.issueUserToken(fay, 'other-app')},
        'facebook-login',
      );
      await expectRefused({access_token: 'not-a-token'}, 'facebook-login');
    });

    async function expectRefused(body: object, entry: string) {
      const res = await client.post(`/auth/${entry}/token`).send(body);
      expect(res.status).to.equal(401);
      expect(codeOf(res)).to.equal('INVALID_PROVIDER_TOKEN');
      for (const value of Object.values(body)) {
        expect(res.text).to.not.containEql(value);
      }
    }
  });
});
