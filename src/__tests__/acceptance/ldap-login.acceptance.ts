import {expect} from '@loopback/testlab';
import {
  AuditEventRepository,
  MfaFactorRepository,
  UserIdentityRepository,
  UserRepository,
} from '../../repositories';
import {RunningApp} from '../fixtures/app';
import {
  directoryLogin,
  givenDirectoryApp,
  givenLdapEntry,
} from '../fixtures/directory-app';
import {givenUser} from '../fixtures/guard';
import {requireSlapd, Slapd} from '../fixtures/slapd';
import {EDITORS_DN, leaveGroupLdif, PEOPLE_OF} from '../fixtures/slapd-data';

const {alice, bob, carol, dave, erin} = PEOPLE_OF;

function claimsOf(accessToken: string): Record<string, unknown> {
  const payload = accessToken.split('.')[1]!;
  return JSON.parse(Buffer.from(payload, 'base64url').toString());
}

/**
 * A directory user signs in with the directory password against a real
 * OpenLDAP (DESIGN §10): user and identity by the linking rules, the
 * email verified only when the entry trusts it, roles from groups, and the
 * second-factor gate.
 */
describe('LDAP sign-in (acceptance)', function (this: Mocha.Suite) {
  this.timeout(20000);
  let slapd: Slapd;
  let running: RunningApp;

  before(startDirectory);
  async function startDirectory(this: Mocha.Context): Promise<void> {
    requireSlapd(this);
    slapd = await Slapd.start();
    running = await givenDirectoryApp({
      corp: givenLdapEntry(slapd),
      trusted: givenLdapEntry(slapd, {trustEmail: true, autoLinkByEmail: true}),
    });
  }
  after(async () => {
    await running?.app.stop();
    await slapd?.remove();
  });

  async function userOf(userId: string) {
    const users = await running.app.getRepository(UserRepository);
    return users.findById(userId);
  }

  it('signs a directory user in: a new user, an identity keyed by entryUUID, amr pwd', async () => {
    const body = await directoryLogin(
      running.client,
      'corp',
      {username: alice.uid, password: alice.password},
      200,
    );
    expect(body).to.containEql({token_type: 'Bearer'});
    const claims = claimsOf(body.access_token);
    expect(claims.amr).to.eql(['pwd']);
    const user = await userOf(body.user_id);
    expect(user).to.containDeep({
      email: alice.mail,
      emailVerified: false,
      name: 'alice Example',
    });
    const identities = await running.app.getRepository(UserIdentityRepository);
    const [identity] = await identities.find({where: {userId: user.id}});
    expect(identity).to.containDeep({provider: 'corp', authScheme: 'ldap'});
    expect(identity!.externalId).to.match(/^[0-9a-f-]{36}$/);
    const audit = await running.app.getRepository(AuditEventRepository);
    const events = await audit.find({where: {userId: user.id}});
    expect(events.map(e => [e.type, e.details])).to.containDeep([
      ['user.signed_up', {entry: 'corp'}],
      ['login.succeeded', {authMethod: 'corp'}],
    ]);

    // The same person again: the same user.
    const again = await directoryLogin(
      running.client,
      'corp',
      {username: 'ALICE', password: alice.password},
      200,
    );
    expect(again.user_id).to.equal(user.id);
  });

  it('takes the entry’s usernameField and passwordField, and refuses other fields', async () => {
    const custom = await givenDirectoryApp({
      custom: givenLdapEntry(slapd, {
        usernameField: 'login',
        passwordField: 'secret',
      }),
    });
    try {
      await directoryLogin(
        custom.client,
        'custom',
        {login: bob.uid, secret: bob.password},
        200,
      );
      const extra = await directoryLogin(
        custom.client,
        'custom',
        {login: bob.uid, secret: bob.password, roles: 'admin'},
        422,
      );
      expect(extra.error.code).to.equal('VALIDATION_FAILED');
    } finally {
      await custom.app.stop();
    }
  });

  it('marks the email verified only for an entry with trustEmail', async () => {
    const body = await directoryLogin(
      running.client,
      'trusted',
      {username: bob.uid, password: bob.password},
      200,
    );
    expect((await userOf(body.user_id)).emailVerified).to.be.true();
  });

  it('grants roles from groups, and takes them away when the directory does', async () => {
    const first = await directoryLogin(
      running.client,
      'corp',
      {username: erin.uid, password: erin.password},
      200,
    );
    expect((await userOf(first.user_id)).roles).to.eql(['editor', 'auditor']);
    // A role of the service's own (admin) is never the directory's.
    const users = await running.app.getRepository(UserRepository);
    await users.updateById(first.user_id, {
      roles: ['admin', 'editor', 'auditor'],
    });

    slapd.modify(leaveGroupLdif(EDITORS_DN, erin));
    await directoryLogin(
      running.client,
      'corp',
      {username: erin.uid, password: erin.password},
      200,
    );
    expect((await userOf(first.user_id)).roles).to.eql(['admin', 'auditor']);
  });

  it('links to a verified local account by a trusted email only where the entry allows it', async () => {
    const local = await givenUser(running.app, {
      email: carol.mail,
      emailVerified: true,
    });
    const refused = await directoryLogin(
      running.client,
      'corp',
      {username: carol.uid, password: carol.password},
      409,
    );
    expect(refused.error.code).to.equal('ACCOUNT_EXISTS');
    const linked = await directoryLogin(
      running.client,
      'trusted',
      {username: carol.uid, password: carol.password},
      200,
    );
    expect(linked.user_id).to.equal(local.id);
  });

  it('asks an account with a second factor for it (MFA_REQUIRED)', async () => {
    const first = await directoryLogin(
      running.client,
      'corp',
      {username: dave.uid, password: dave.password},
      200,
    );
    const factors = await running.app.getRepository(MfaFactorRepository);
    await factors.create({
      userId: first.user_id,
      type: 'totp',
      name: 'Phone',
      secret: 'sealed',
      confirmedAt: new Date(),
    });
    const body = await directoryLogin(
      running.client,
      'corp',
      {username: dave.uid, password: dave.password},
      403,
    );
    expect(body.error.code).to.equal('MFA_REQUIRED');
    expect(body.error.details.mfaToken).to.be.a.String();
    expect(body).to.not.have.property('access_token');
  });

  it('lists the entry in GET /auth/providers as a password form', async () => {
    const res = await running.client.get('/auth/providers').expect(200);
    expect(res.body).to.containDeep([
      {
        name: 'corp',
        authScheme: 'ldap',
        kind: 'password',
        login: true,
        authPath: '/auth/corp/login',
      },
    ]);
  });

  it('answers PROVIDER_NOT_FOUND for a name that is no directory entry', async () => {
    const body = await directoryLogin(
      running.client,
      'nowhere',
      {username: alice.uid, password: alice.password},
      404,
    );
    expect(body.error.code).to.equal('PROVIDER_NOT_FOUND');
  });
});
