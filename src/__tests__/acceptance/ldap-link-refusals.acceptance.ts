import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {
  ApplicationRepository,
  AuditEventRepository,
  UserIdentityRepository,
} from '../../repositories';
import {RunningApp} from '../fixtures/app';
import {
  countAccounts,
  directoryLogin,
  expectInvalidCredentials,
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
 * What `POST /link/{name}/login` refuses, and that a refusal writes no
 * identity: a wrong password (counted as at sign-in), a directory account
 * another user holds, no sign-in, a third-party application's token.
 */
describe('LDAP linking refusals (acceptance)', function (this: Mocha.Suite) {
  this.timeout(20000);
  let slapd: Slapd;
  let running: RunningApp;

  before(startDirectory);
  async function startDirectory(this: Mocha.Context): Promise<void> {
    requireSlapd(this);
    slapd = await Slapd.start();
    running = await givenDirectoryApp({corp: givenLdapEntry(slapd)});
  }
  after(async () => {
    await running?.app.stop();
    await slapd?.remove();
  });

  async function givenSignedInUser() {
    const user = await givenUser(running.app);
    const token = await givenAccessToken(running.app, user.id);
    return {user, auth: bearer(token).Authorization};
  }

  it('refuses a wrong or empty directory password with INVALID_CREDENTIALS and writes nothing', async () => {
    const {user, auth} = await givenSignedInUser();
    const someone = givenDirectoryPerson(slapd);
    const before = await countAccounts(running);
    for (const password of ['wrong-password', '']) {
      expectInvalidCredentials(
        await directoryLink(
          running.client,
          'corp',
          auth,
          {username: someone.uid, password},
          401,
        ),
      );
    }
    expect(await countAccounts(running)).to.eql(before);
    const audit = await running.app.getRepository(AuditEventRepository);
    const events = await audit.find({where: {userId: user.id}});
    expect(events.map(e => [e.type, e.details])).to.containDeep([
      ['identity.link_refused', {entry: 'corp', reason: 'INVALID_CREDENTIALS'}],
    ]);
    expect(events.map(e => e.type)).to.not.containEql('identity.linked');
  });

  it('shares the sign-in’s lock-out: wrong passwords at the link lock the directory username', async () => {
    const {auth} = await givenSignedInUser();
    const someone = givenDirectoryPerson(slapd);
    for (let i = 0; i < 5; i++) {
      await directoryLink(
        running.client,
        'corp',
        auth,
        {username: someone.uid, password: `guess-${i}`},
        401,
      );
    }
    // Locked: the right password is refused too, at either route.
    const right = {username: someone.uid, password: someone.password};
    await directoryLink(running.client, 'corp', auth, right, 401);
    expectInvalidCredentials(
      await directoryLogin(running.client, 'corp', right, 401),
    );
  });

  it('refuses a directory account linked to another user with IDENTITY_ALREADY_LINKED, changing nothing', async () => {
    const someone = givenDirectoryPerson(slapd);
    const owner = await directoryLogin(
      running.client,
      'corp',
      {username: someone.uid, password: someone.password},
      200,
    );
    const {user, auth} = await givenSignedInUser();
    const refused = await directoryLink(
      running.client,
      'corp',
      auth,
      {username: someone.uid, password: someone.password},
      409,
    );
    expect(refused.error.code).to.equal('IDENTITY_ALREADY_LINKED');
    const identities = await running.app.getRepository(UserIdentityRepository);
    expect(await identities.count({userId: user.id})).to.eql({count: 0});
    expect(await identities.count({userId: owner.user_id})).to.eql({count: 1});
    const again = await directoryLogin(
      running.client,
      'corp',
      {username: someone.uid, password: someone.password},
      200,
    );
    expect(again.user_id).to.equal(owner.user_id);
  });

  it('refuses a caller who is not signed in, writing nothing', async () => {
    const someone = givenDirectoryPerson(slapd);
    const before = await countAccounts(running);
    const body = await directoryLink(
      running.client,
      'corp',
      undefined,
      {username: someone.uid, password: someone.password},
      401,
    );
    expect(body.error.code).to.equal('AUTHENTICATION_REQUIRED');
    await directoryLink(
      running.client,
      'corp',
      'Bearer not-a-token',
      {username: someone.uid, password: someone.password},
      401,
    );
    expect(await countAccounts(running)).to.eql(before);
  });

  it('refuses a third-party application’s token with FIRST_PARTY_REQUIRED', async () => {
    const user = await givenUser(running.app);
    const apps = await running.app.getRepository(ApplicationRepository);
    const third = await apps.create({
      name: 'Stranger app',
      ownerId: user.id,
      type: 'public',
      redirectUris: ['https://stranger.example/cb'],
    });
    const sessions = await running.app.get(IdentityBindings.SESSION_SERVICE);
    const {access_token: token} = await sessions.start(user.id, {
      applicationId: third.id,
      authMethod: 'password',
    });
    const someone = givenDirectoryPerson(slapd);
    const body = await directoryLink(
      running.client,
      'corp',
      bearer(token).Authorization,
      {username: someone.uid, password: someone.password},
      403,
    );
    expect(body.error.code).to.equal('FIRST_PARTY_REQUIRED');
    const identities = await running.app.getRepository(UserIdentityRepository);
    expect(await identities.count({userId: user.id})).to.eql({count: 0});
  });

  it('answers PROVIDER_NOT_FOUND for a name that is no directory entry, and refuses other fields', async () => {
    const {auth} = await givenSignedInUser();
    const someone = givenDirectoryPerson(slapd);
    const credentials = {username: someone.uid, password: someone.password};
    const missing = await directoryLink(
      running.client,
      'nowhere',
      auth,
      credentials,
      404,
    );
    expect(missing.error.code).to.equal('PROVIDER_NOT_FOUND');
    const extra = await directoryLink(
      running.client,
      'corp',
      auth,
      {...credentials, userId: 'someone-else'},
      422,
    );
    expect(extra.error.code).to.equal('VALIDATION_FAILED');
  });
});
