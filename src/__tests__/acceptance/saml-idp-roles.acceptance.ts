import {expect} from '@loopback/testlab';
import {AuditEventRepository, UserRepository} from '../../repositories';
import {
  givenIdpUser,
  givenSamlIdpWorld,
  meOf,
  SamlIdpWorld,
  signInThroughIdp,
} from '../fixtures/saml-idp-world';
import {requireSimpleSamlPhp} from '../fixtures/simplesamlphp';

const erin = givenIdpUser('erin', {groups: ['staff', 'auditors', 'dev']});
const frank = givenIdpUser('frank', {groups: []});
const gina = givenIdpUser('gina', {groups: ['staff', 'auditors']});

/**
 * rolesFromGroups with a real IdP: the multi-valued `groups` attribute
 * SimpleSAMLphp releases decides, at each sign-in, the roles the entry
 * maps; every other role is the service's own and left alone.
 */
describe('SAML rolesFromGroups through SimpleSAMLphp (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let world: SamlIdpWorld;

  before(startWorld);
  async function startWorld(this: Mocha.Context): Promise<void> {
    requireSimpleSamlPhp(this);
    world = await givenSamlIdpWorld({
      users: [erin, frank, gina],
      entries: {
        corp: {rolesFromGroups: {staff: 'editor', auditors: 'auditor'}},
      },
    });
  }
  after(() => world?.stop());

  async function rolesOf(userId: string): Promise<string[]> {
    const users = await world.running.app.getRepository(UserRepository);
    return (await users.findById(userId)).roles ?? [];
  }

  it('grants the roles of the groups the IdP lists, and no role for an unmapped group', async () => {
    const tokens = await signInThroughIdp(world, erin);
    expect((await rolesOf(tokens.user_id)).sort()).to.eql([
      'auditor',
      'editor',
    ]);
    expect((await meOf(world, tokens.access_token)).roles).to.containEql(
      'editor',
    );
  });

  it('takes a mapped role away once the IdP no longer lists its group, and leaves other roles alone', async () => {
    const first = await signInThroughIdp(world, gina);
    const users = await world.running.app.getRepository(UserRepository);
    await users.updateById(first.user_id, {
      roles: ['admin', 'support', 'editor', 'auditor'],
    });

    world.idp.setUsers([erin, frank, {...gina, groups: ['auditors']}]);
    const again = await signInThroughIdp(world, gina);
    expect(again.user_id).to.equal(first.user_id);
    expect((await rolesOf(first.user_id)).sort()).to.eql([
      'admin',
      'auditor',
      'support',
    ]);
    const events = await world.running.app.getRepository(AuditEventRepository);
    const changed = await events.find({
      where: {type: 'role.changed', userId: first.user_id},
    });
    expect(changed.map(e => e.details)).to.containDeep([
      {removed: ['editor'], by: 'directory', entry: 'corp'},
    ]);
  });

  it('grants nothing to a user in no group', async () => {
    const tokens = await signInThroughIdp(world, frank);
    expect(await rolesOf(tokens.user_id)).to.eql([]);
  });
});
