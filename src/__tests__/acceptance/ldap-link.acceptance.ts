import {expect} from '@loopback/testlab';
import {AuditEventRepository, UserIdentityRepository} from '../../repositories';
import {RunningApp} from '../fixtures/app';
import {
  directoryLogin,
  givenDirectoryApp,
  givenLdapEntry,
} from '../fixtures/directory-app';
import {
  bearer,
  directoryLink,
  givenDirectoryPerson,
} from '../fixtures/directory-link';
import {givenAccessToken, givenUser} from '../fixtures/guard';
import {requireSlapd, Slapd} from '../fixtures/slapd';

/**
 * A signed-in user links a directory account by proving its password
 * (`POST /link/{name}/login`), against a real OpenLDAP: the identity is the
 * user's from then on, signs in to the same account, and is unlinked under
 * the last-method rule.
 */
describe('LDAP linking (acceptance)', function (this: Mocha.Suite) {
  this.timeout(20000);
  let slapd: Slapd;
  let running: RunningApp;

  before(startDirectory);
  async function startDirectory(this: Mocha.Context): Promise<void> {
    requireSlapd(this);
    slapd = await Slapd.start();
    running = await givenDirectoryApp({
      corp: givenLdapEntry(slapd, {displayName: 'Example Corp'}),
    });
  }
  after(async () => {
    await running?.app.stop();
    await slapd?.remove();
  });

  /** A local user with a password, and a bearer token of a `web` session. */
  async function givenSignedInUser() {
    const user = await givenUser(running.app);
    const token = await givenAccessToken(running.app, user.id);
    return {user, auth: bearer(token).Authorization};
  }

  it('links the directory account to the signed-in user, who then signs in with it', async () => {
    const {user, auth} = await givenSignedInUser();
    const someone = givenDirectoryPerson(slapd);
    const linked = await directoryLink(
      running.client,
      'corp',
      auth,
      {username: someone.uid, password: someone.password},
      200,
    );
    expect(linked).to.containDeep({
      provider: 'corp',
      name: 'corp',
      profile: {displayName: `${someone.uid} Example`, email: someone.mail},
    });
    expect(linked).to.not.have.property('userId');

    const listed = await running.client
      .get('/users/me/identities')
      .set('Authorization', auth)
      .expect(200);
    expect(listed.body).to.eql([linked]);

    const audit = await running.app.getRepository(AuditEventRepository);
    const events = await audit.find({
      where: {userId: user.id, type: 'identity.linked'},
    });
    expect(events.map(e => e.details)).to.containDeep([
      {provider: 'corp', entry: 'corp'},
    ]);

    // The directory password now opens the same account: no second user.
    const signedIn = await directoryLogin(
      running.client,
      'corp',
      {username: someone.uid, password: someone.password},
      200,
    );
    expect(signedIn.user_id).to.equal(user.id);
  });

  it('answers the same identity when the account is linked to the caller already', async () => {
    const {user, auth} = await givenSignedInUser();
    const someone = givenDirectoryPerson(slapd);
    const body = {username: someone.uid, password: someone.password};
    const first = await directoryLink(running.client, 'corp', auth, body, 200);
    const again = await directoryLink(running.client, 'corp', auth, body, 200);
    expect(again.id).to.equal(first.id);
    const identities = await running.app.getRepository(UserIdentityRepository);
    expect(await identities.count({userId: user.id})).to.eql({count: 1});
  });

  it('takes HTTP Basic as the other link route does', async () => {
    const user = await givenUser(running.app, {password: 'basic pass 1234'});
    const someone = givenDirectoryPerson(slapd);
    const auth = `Basic ${Buffer.from(`${user.email}:basic pass 1234`).toString('base64')}`;
    await directoryLink(
      running.client,
      'corp',
      auth,
      {username: someone.uid, password: someone.password},
      200,
    );
    const signedIn = await directoryLogin(
      running.client,
      'corp',
      {username: someone.uid, password: someone.password},
      200,
    );
    expect(signedIn.user_id).to.equal(user.id);
  });

  it('unlinks a linked directory account while a password remains, never the last way in', async () => {
    const {auth} = await givenSignedInUser();
    const someone = givenDirectoryPerson(slapd);
    const linked = await directoryLink(
      running.client,
      'corp',
      auth,
      {username: someone.uid, password: someone.password},
      200,
    );
    await running.client
      .delete(`/users/me/identities/${linked.id}`)
      .set('Authorization', auth)
      .expect(204);

    // A user the directory made has that identity as its only way in.
    const other = givenDirectoryPerson(slapd);
    const tokens = await directoryLogin(
      running.client,
      'corp',
      {username: other.uid, password: other.password},
      200,
    );
    const otherAuth = bearer(tokens.access_token).Authorization;
    const [only] = (
      await running.client
        .get('/users/me/identities')
        .set('Authorization', otherAuth)
        .expect(200)
    ).body;
    const refused = await running.client
      .delete(`/users/me/identities/${only.id}`)
      .set('Authorization', otherAuth)
      .expect(409);
    expect(refused.body.error.code).to.equal('LAST_LOGIN_METHOD');
  });

  it('lists directory entries as linkable in GET /auth/providers', async () => {
    const res = await running.client.get('/auth/providers').expect(200);
    expect(res.body).to.containDeep([
      {name: 'corp', kind: 'password', login: true, link: true},
    ]);
  });
});
