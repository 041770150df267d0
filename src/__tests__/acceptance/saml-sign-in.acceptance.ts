import {expect} from '@loopback/testlab';
import {UserIdentityRepository} from '../../repositories';
import {startLogin} from '../fixtures/provider-flows';
import {authnRequestOf} from '../fixtures/saml-forge';
import {
  givenSamlWorld,
  IDP_ENTRY_POINT,
  SamlWorld,
  samlSignIn,
  SP_ENTITY_ID,
} from '../fixtures/saml-world';

describe('SAML 2.0 sign-in (forged IdP, signed assertion)', function () {
  let world: SamlWorld;

  before(async () => {
    world = await givenSamlWorld({rolesFromGroups: {staff: 'editor'}});
  });
  after(() => world.running.app.stop());

  it('sends the browser to the IdP with an AuthnRequest and the flow as RelayState', async () => {
    const flow = await startLogin(world.client, 'corp');
    const url = new URL(flow.url);
    expect(url.origin + url.pathname).to.equal(IDP_ENTRY_POINT);
    expect(url.searchParams.get('RelayState')).to.match(/^[\w-]{20,}$/);
    const request = authnRequestOf(flow.url);
    expect(request.id).to.match(/^_/);
    expect(request.xml).to.containEql(SP_ENTITY_ID);
    expect(request.xml).to.containEql(world.acs);
  });

  it('signs a directory user in and keeps the NameID as the identity', async () => {
    const tokens = await samlSignIn(world, {
      attributes: {
        email: 'alice@corp.test',
        displayName: 'Alice Corp',
        groups: ['staff'],
      },
    });
    const me = await world.client
      .get('/users/me')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(200);
    expect(me.body.email).to.equal('alice@corp.test');
    expect(me.body.roles).to.containEql('editor');
    const identities = await world.running.app.getRepository(
      UserIdentityRepository,
    );
    const found = await identities.findOne({
      where: {provider: 'corp', externalId: 'alice-persistent-id'},
    });
    expect(found?.userId).to.equal(me.body.id);
  });

  it('serves SP metadata naming the entity ID and the ACS', async () => {
    const res = await world.client.get('/auth/corp/metadata').expect(200);
    expect(res.headers['content-type']).to.match(
      /application\/samlmetadata\+xml/,
    );
    expect(res.text).to.containEql(`entityID="${SP_ENTITY_ID}"`);
    expect(res.text).to.containEql(world.acs);
  });
});
