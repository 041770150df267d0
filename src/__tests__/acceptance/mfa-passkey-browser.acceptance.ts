import {expect} from '@loopback/testlab';
import {BrowserContext, CDPSession, Page} from 'playwright-core';
import {MfaFactorRepository} from '../../repositories';
import {givenAppPageSuite} from '../fixtures/browser';
import {givenUser, GOOD_PASSWORD} from '../fixtures/guard';
import {
  auditOf,
  claimsOf,
  givenPasswordToken,
  mfaTokenOf,
  PasskeyHolder,
  passkeySecondStep,
  passkeySignIn,
  registerPasskey,
} from '../fixtures/mfa-passkey';
import {givenLocalhostWebApp} from '../fixtures/mfa-page';

/** A device: a page of the service's origin with a virtual authenticator. */
interface Device {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
  holder: PasskeyHolder;
}

/**
 * Passkeys in Debian's Chromium with the Chrome DevTools Protocol's
 * virtual authenticator (resident keys, user verification), against the
 * running service at http://localhost:PORT (a secure context, and a host
 * name an RP ID may be; 127.0.0.1 may not).
 */
describe('Passkeys in Chromium (acceptance)', function (this: Mocha.Suite) {
  this.timeout(60_000);
  const web = givenAppPageSuite(() => givenLocalhostWebApp(), {
    pagePerTest: false,
  });
  const devices: Device[] = [];

  afterEach(async () => {
    for (const device of devices.splice(0)) await device.context.close();
  });

  async function givenDevice(): Promise<Device> {
    const context = await web.browser.newContext();
    const page = await context.newPage();
    // Any document of the origin will do; one without scripts of its own.
    await page.goto(`${web.origin}/health`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const {authenticatorId} = await cdp.send(
      'WebAuthn.addVirtualAuthenticator',
      {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
        },
      },
    );
    const device = {
      context,
      page,
      cdp,
      authenticatorId,
      holder: holderOf(page),
    };
    devices.push(device);
    return device;
  }

  /** The page's navigator.credentials, JSON in and out. */
  function holderOf(page: Page): PasskeyHolder {
    const call = (fn: string, parse: string, options: object) =>
      page.evaluate<object>(`(async () => {
        const publicKey = PublicKeyCredential.${parse}(${JSON.stringify(options)});
        const credential = await navigator.credentials.${fn}({publicKey});
        return credential.toJSON();
      })()`);
    return {
      create: options =>
        call('create', 'parseCreationOptionsFromJSON', options),
      get: options => call('get', 'parseRequestOptionsFromJSON', options),
    };
  }

  async function givenPasskeyUser(device: Device) {
    const user = await givenUser(web.server.app);
    const token = await givenPasswordToken(web.server.client, user.email);
    const registered = await registerPasskey(
      web.server.client,
      token,
      device.holder,
      'This laptop',
    );
    return {user, token, factorId: registered.factor.id as string, registered};
  }

  it('registers a passkey, signs out, and signs in with no username', async () => {
    const device = await givenDevice();
    const {user, token, registered} = await givenPasskeyUser(device);
    expect(registered.factor).to.containDeep({
      type: 'webauthn',
      name: 'This laptop',
      backupEligible: false,
    });
    expect(registered.recoveryCodes).to.have.length(10);
    await web.server.client
      .post('/auth/logout')
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    const body = await passkeySignIn(web.server.client, device.holder, 200);
    expect(body.user_id).to.equal(user.id);
    const claims = claimsOf(body.access_token as string);
    expect(claims.amr).to.eql(['hwk', 'user', 'mfa']);
    expect(claims.acr).to.equal('phr');
    await web.server.client
      .get('/users/me')
      .set('Authorization', `Bearer ${body.access_token}`)
      .expect(200);
  });

  it('confirms a password sign-in with the passkey, until the passkey is removed', async () => {
    const device = await givenDevice();
    const {user, factorId} = await givenPasskeyUser(device);
    const refused = await web.server.client
      .post('/auth/login')
      .send({login: user.email, password: GOOD_PASSWORD})
      .expect(403);
    expect(refused.body.error.details.methods).to.eql([
      'webauthn',
      'recovery_code',
    ]);
    const mfaToken = await mfaTokenOf(web.server.client, user.email);
    const body = await passkeySecondStep(
      web.server.client,
      mfaToken,
      device.holder,
      200,
    );
    expect(claimsOf(body.access_token as string).amr).to.eql([
      'pwd',
      'hwk',
      'user',
      'mfa',
    ]);
    // DELETE /users/me/factors/{id} is the factor management's route
    // (another branch of issue 12): removed here through the repository.
    const factors = await web.server.app.getRepository(MfaFactorRepository);
    await factors.deleteById(factorId);
    const gone = await passkeySignIn(web.server.client, device.holder, 401);
    expect(gone.error!.code).to.equal('INVALID_MFA_CODE');
    await givenPasswordToken(web.server.client, user.email);
  });

  it('refuses a cloned authenticator whose counter is behind the original', async () => {
    const original = await givenDevice();
    const {user, factorId} = await givenPasskeyUser(original);
    await passkeySignIn(web.server.client, original.holder, 200);
    const factors = await web.server.app.getRepository(MfaFactorRepository);
    const used = await factors.findById(factorId);
    expect(Number(used.counter)).to.be.above(0);
    const {credentials} = await original.cdp.send('WebAuthn.getCredentials', {
      authenticatorId: original.authenticatorId,
    });
    expect(credentials).to.have.length(1);
    const clone = await givenDevice();
    await clone.cdp.send('WebAuthn.addCredential', {
      authenticatorId: clone.authenticatorId,
      credential: {...credentials[0]!, signCount: 0},
    });
    const body = await passkeySignIn(web.server.client, clone.holder, 401);
    expect(body.error!.code).to.equal('INVALID_MFA_CODE');
    const [cloned] = await auditOf(
      web.server.app,
      user.id,
      'mfa.passkey_cloned',
    );
    expect(cloned!.details).to.containDeep({
      factorId,
      storedCounter: Number(used.counter),
    });
    // The original, whose counter is ahead, still signs in.
    await passkeySignIn(web.server.client, original.holder, 200);
  });
});
