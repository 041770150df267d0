import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {IdentityBindings} from '../../keys';
import {
  AuditEventRepository,
  SessionRepository,
  SigningKeyRepository,
  UserCredentialRepository,
} from '../../repositories';
import {SharedBindings} from '../../services/platform/keys';
import {SecretBox} from '../../services/platform/secret-box.service';
import {sealTokens} from '../../services/providers/provider-token-seal';
import {
  generateSigningKeyPair,
  SIGNING_KEY_PURPOSE,
} from '../../services/tokens/signing-key-material';
import {givenCapturedLogger} from '../fixtures/captured-logger';
import {
  givenGuardApp,
  GuardApp,
  givenUser,
  GOOD_PASSWORD,
} from '../fixtures/guard';
import {ManualClock} from '../fixtures/manual-clock';
import {postForm} from '../fixtures/oauth';
import {FlowWorld, givenFlowWorld} from '../fixtures/provider-flows';
import {
  exchangeToken,
  givenExchangeClient,
  givenLinkedUser,
  givenSubjectToken,
} from '../fixtures/token-exchange';

/** What an operator who changed APP_SECRET left behind: sealed under the old one. */
const oldBox = new SecretBox('the-app-secret-before-the-operator-changed-it');

/**
 * Secrets stored encrypted that the service cannot open any more (APP_SECRET
 * changed, a row damaged): every request that needs one gets a stable
 * answer naming what cannot be read, and one log line saying which, never
 * the value; nothing is written on the way.
 */
describe('Stored secrets the service cannot open (acceptance)', () => {
  describe('a linked account provider token, at token exchange', () => {
    let world: FlowWorld;
    const captured = givenCapturedLogger();
    before(async () => {
      world = await givenFlowWorld();
      // Before any exchange: the exchange service logs to the captured one.
      world.app.bind(IdentityBindings.LOGGER).to(captured.logger);
    });
    after(() => world.stop());

    it('is invalid_target (link again), audited and logged once by credential, and nothing is written', async () => {
      const client = await givenExchangeClient(world);
      const user = await givenLinkedUser(world);
      const subjectToken = await givenSubjectToken(
        world.app,
        user.id,
        client.id,
      );
      const credentials = await world.app.getRepository(
        UserCredentialRepository,
      );
      const [credential] = await credentials.find({where: {userId: user.id}});
      const unreadable = sealTokens(oldBox, {
        accessToken: 'old-provider-token',
      });
      await credentials.updateById(credential!.id, {credentials: unreadable});
      const before = await credentials.findById(credential!.id);

      const res = await exchangeToken(world.client, client, {
        subject_token: subjectToken,
      });
      expect(res.status).to.equal(400);
      expect(res.body.error).to.equal('invalid_target');
      expect(res.body.error_description).to.match(/link the account again/);

      const errors = captured.lines.filter(l => l.level === 'error');
      expect(errors).to.have.length(1);
      expect(errors[0]).to.containDeep({credentialId: credential!.id});
      expect(captured.text()).not.to.containEql(unreadable.sealed);
      const events = await world.app.getRepository(AuditEventRepository);
      const [event] = await events.find({
        where: {type: 'token.exchange_refused', applicationId: client.id},
      });
      expect(event?.details).to.containDeep({reason: 'unreadable_token'});
      expect(await credentials.findById(credential!.id)).to.eql(before);
    });
  });

  describe('a signing key another node sealed under another APP_SECRET', () => {
    const clock = new ManualClock();
    const captured = givenCapturedLogger();
    let running: GuardApp;
    before(async () => {
      running = await givenGuardApp({clock, logger: captured.logger});
    });
    after(() => running.app.stop());

    it('answers DECRYPTION_FAILED (500) naming the key, logged once, writing no session and rotating no refresh token', async () => {
      const user = await givenUser(running.app);
      const login = () =>
        running.client
          .post('/auth/login')
          .send({login: user.email, password: GOOD_PASSWORD});
      const refresh = (token: string) =>
        postForm(running.client, '/auth/token', {
          grant_type: 'refresh_token',
          refresh_token: token,
        });
      const first = (await login().expect(200)).body;
      const kid = await givenUnreadableNewestKey();
      const errorsBefore = errorLines().length;
      const refused = [
        await login().expect(500),
        await refresh(first.refresh_token).expect(500),
        await running.client.get('/.well-known/jwks.json').expect(500),
      ];
      for (const {body} of refused) {
        expect(body.error).to.containDeep({
          code: 'DECRYPTION_FAILED',
          details: {purpose: 'signing-key', kid},
        });
        expect(body.error.message).to.containEql(kid);
      }
      const errors = errorLines().slice(errorsBefore);
      expect(errors).to.have.length(refused.length);
      for (const line of errors)
        expect(JSON.stringify(line)).to.containEql(kid);
      expect(captured.text()).not.to.containEql('"d":');
      const sessions = await running.app.getRepository(SessionRepository);
      expect((await sessions.count({userId: user.id})).count).to.equal(1);
      // The operator removes the key: the refresh token was not spent.
      const keys = await running.app.getRepository(SigningKeyRepository);
      await keys.deleteAll({kid});
      clock.advance(61_000);
      await refresh(first.refresh_token).expect(200);
    });

    /** A newer key of the signing algorithm, sealed under the old secret. */
    async function givenUnreadableNewestKey(): Promise<string> {
      const {tokenSigningAlg: alg} = running.app.getSync(SharedBindings.CONFIG);
      const pair = await generateSigningKeyPair(alg, randomUUID());
      const keys = await running.app.getRepository(SigningKeyRepository);
      // Created on the frozen clock: a second later is newer than the first.
      clock.advance(1000);
      await keys.create({
        kid: pair.kid,
        alg,
        publicJwk: pair.publicJwk,
        privateJwk: oldBox.sealJson(pair.privateJwk, SIGNING_KEY_PURPOSE),
      });
      // Past the key list's cache: the node reads the new key.
      clock.advance(61_000);
      return pair.kid;
    }

    function errorLines() {
      return captured.lines.filter(line => line.level === 'error');
    }
  });
});
