import {expect, supertest} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {AuditEventRepository} from '../../repositories';
import {FlowWorld, givenFlowWorld} from '../fixtures/provider-flows';
import {
  exchangeToken,
  ExchangeClient,
  givenExchangeClient,
  givenLinkedUser,
  givenPublicClientWithExchange,
  givenSubjectToken,
  LinkedUser,
} from '../fixtures/token-exchange';
import {postForm} from '../fixtures/oauth';
import {returnFrom, startLink} from '../fixtures/provider-flows';

describe('RFC 8693 token exchange refusals (acceptance)', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  let allowed: ExchangeClient;
  let user: LinkedUser;
  let subjectToken: string;
  beforeEach(async () => {
    allowed = await givenExchangeClient(world);
    user = await givenLinkedUser(world);
    subjectToken = await givenSubjectToken(world.app, user.id, allowed.id);
  });

  /** The RFC 6749 §5.2 error of a refusal, which never carries a token. */
  function refusal(res: supertest.Response, status = 400): string {
    expect(res.status).to.equal(status);
    expect(res.body).to.not.have.property('access_token');
    expect(res.body.error_description).to.be.a.String();
    return res.body.error;
  }

  describe('unauthorized_client', () => {
    it('a public client, whatever its stored grants say', async () => {
      const publicClient = await givenPublicClientWithExchange(world.app);
      const token = await givenSubjectToken(
        world.app,
        user.id,
        publicClient.id,
      );
      const res = await exchangeToken(world.client, publicClient, {
        subject_token: token,
      });
      expect(refusal(res)).to.equal('unauthorized_client');
    });

    it('a confidential client no admin allowed, and the refusal is audited', async () => {
      const notAllowed = await givenExchangeClient(world, {allowed: false});
      const token = await givenSubjectToken(world.app, user.id, notAllowed.id);
      const res = await exchangeToken(world.client, notAllowed, {
        subject_token: token,
      });
      expect(refusal(res)).to.equal('unauthorized_client');
      const events = await world.app.getRepository(AuditEventRepository);
      const [event] = await events.find({
        where: {type: 'token.exchange_refused', applicationId: notAllowed.id},
      });
      expect(event?.details).to.containDeep({
        reason: 'not_allowed',
        entry: 'google-login',
      });
    });
  });

  it('invalid_client: a confidential client without its secret, or a wrong one', async () => {
    const bare = await exchangeToken(
      world.client,
      {id: allowed.id},
      {subject_token: subjectToken},
    );
    expect(refusal(bare, 401)).to.equal('invalid_client');
    const wrong = await exchangeToken(
      world.client,
      {id: allowed.id},
      {subject_token: subjectToken, client_secret: 'not-the-secret'},
    );
    expect(refusal(wrong, 401)).to.equal('invalid_client');
  });

  describe('invalid_request: a subject token that is not acceptable (RFC 8693 §2.2.2)', () => {
    it('one issued to another client', async () => {
      const other = await givenExchangeClient(world);
      const res = await exchangeToken(world.client, other, {
        subject_token: subjectToken,
      });
      expect(refusal(res)).to.equal('invalid_request');
      // Nor a token of the first-party web page.
      const web = await exchangeToken(world.client, allowed, {
        subject_token: user.webToken,
      });
      expect(refusal(web)).to.equal('invalid_request');
    });

    it('a revoked one', async () => {
      await postForm(world.client, '/auth/revoke', {token: subjectToken})
        .set('Authorization', allowed.basic!)
        .expect(200);
      const res = await exchangeToken(world.client, allowed, {
        subject_token: subjectToken,
      });
      expect(refusal(res)).to.equal('invalid_request');
    });

    it('an expired or forged one', async () => {
      const [head, body] = subjectToken.split('.');
      const forged = await exchangeToken(world.client, allowed, {
        subject_token: `${head}.${body}.AAAA`,
      });
      expect(refusal(forged)).to.equal('invalid_request');
      world.clock.advance(3600_000);
      const expired = await exchangeToken(world.client, allowed, {
        subject_token: subjectToken,
      });
      expect(refusal(expired)).to.equal('invalid_request');
    });
  });

  describe('invalid_target', () => {
    it('a user with no linked account for the entry', async () => {
      const unlinked = await givenLinkedUser(world, {link: false});
      const token = await givenSubjectToken(world.app, unlinked.id, allowed.id);
      const res = await exchangeToken(world.client, allowed, {
        subject_token: token,
      });
      expect(refusal(res)).to.equal('invalid_target');
      // Linked with Google, not with Facebook.
      const facebook = await exchangeToken(world.client, allowed, {
        subject_token: subjectToken,
        audience: 'facebook-login',
      });
      expect(refusal(facebook)).to.equal('invalid_target');
    });

    it('an expired provider token the provider gave no refresh token for', async () => {
      // The Facebook fixture's tokens last 60 days and come alone.
      world.facebook.signInAs({id: randomUUID()});
      const flow = await startLink(
        world.client,
        'facebook-login',
        user.webToken,
      );
      await returnFrom(world.client, flow);
      const fresh = await exchangeToken(world.client, allowed, {
        subject_token: subjectToken,
        audience: 'facebook-login',
      }).expect(200);
      expect(fresh.body.expires_in).to.be.above(59 * 86400);

      world.clock.advance(61 * 86400_000);
      const later = await givenSubjectToken(world.app, user.id, allowed.id);
      const res = await exchangeToken(world.client, allowed, {
        subject_token: later,
        audience: 'facebook-login',
      });
      expect(refusal(res)).to.equal('invalid_target');
      expect(res.body.error_description).to.match(/link the account again/);
    });

    it('an audience that names no entry, or a resource instead', async () => {
      for (const audience of ['nope', 'google', '__proto__']) {
        const res = await exchangeToken(world.client, allowed, {
          subject_token: subjectToken,
          audience,
        });
        expect({audience, error: refusal(res)}).to.eql({
          audience,
          error: 'invalid_target',
        });
      }
      const resource = await exchangeToken(world.client, allowed, {
        subject_token: subjectToken,
        resource: 'https://graph.facebook.com/',
      });
      expect(refusal(resource)).to.equal('invalid_target');
    });
  });

  it('invalid_request: missing or unsupported parameters', async () => {
    const cases: Record<string, Record<string, string | undefined>> = {
      'no subject_token': {subject_token: undefined},
      'no subject_token_type': {subject_token_type: undefined},
      'no audience': {audience: undefined},
      'a JWT subject type': {
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      },
      'a refresh token asked for': {
        requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token',
      },
      'an ID token asked for': {
        requested_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      },
      delegation: {actor_token: subjectToken},
    };
    for (const [name, form] of Object.entries(cases)) {
      const res = await exchangeToken(world.client, allowed, {
        subject_token: subjectToken,
        ...form,
      });
      expect({name, error: refusal(res)}).to.eql({
        name,
        error: 'invalid_request',
      });
    }
  });
});
