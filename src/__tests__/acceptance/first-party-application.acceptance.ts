import {expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {ApplicationRepository} from '../../repositories';
import {SessionService} from '../../services/tokens/session.service';
import {IdentityBindings} from '../../keys';
import {
  givenConfig,
  givenDataDir,
  givenRunningApp,
  removeDataDir,
} from '../fixtures/app';
import {FirstPartyApplicationObserver} from '../../observers/first-party-application.observer';
import {givenSession, givenUser, callWithToken} from '../fixtures/oauth';

describe('First-party application and start-up (acceptance)', () => {
  let dataDir: string;
  let apps: IdentityApplication[];

  beforeEach(() => {
    dataDir = givenDataDir();
    apps = [];
  });
  afterEach(async () => {
    for (const app of apps) await app.stop();
    removeDataDir(dataDir);
  });

  async function start(env = {}) {
    const running = await givenRunningApp({DATA_DIR: dataDir, ...env});
    apps.push(running.app);
    return running.app;
  }

  it('creates the public application `web`, owned by no one', async () => {
    const app = await start();
    const repo = await app.getRepository(ApplicationRepository);
    const web = await repo.findById('web');
    expect(web).to.containDeep({
      name: 'Web page',
      type: 'public',
      redirectUris: ['http://localhost:3000/'],
      disabled: false,
      firstParty: true,
    });
    expect(web.ownerId).to.be.undefined();
  });

  it('marks a `web` stored before firstParty existed first-party', async () => {
    const app = await start();
    const repo = await app.getRepository(ApplicationRepository);
    await repo.updateById('web', {firstParty: false});
    const observer = await app.get<FirstPartyApplicationObserver>(
      'lifeCycleObservers.FirstPartyApplicationObserver',
    );
    await observer.ensure();
    expect((await repo.findById('web')).firstParty).to.be.true();
  });

  it('is idempotent, adds a new BASE_URL, and tolerates a concurrent start', async () => {
    const app = await start();
    const observer = await app.get<FirstPartyApplicationObserver>(
      'lifeCycleObservers.FirstPartyApplicationObserver',
    );
    await Promise.all([
      observer.ensure(),
      observer.ensure(),
      observer.ensure(),
    ]);
    const repo = await app.getRepository(ApplicationRepository);
    expect(await repo.count({id: 'web'})).to.eql({count: 1});

    const config = givenConfig({
      DATA_DIR: dataDir,
      BASE_URL: 'https://id.example.com',
    });
    const other = new FirstPartyApplicationObserver(
      repo,
      config,
      app.getSync(IdentityBindings.LOGGER),
    );
    await other.ensure();
    expect((await repo.findById('web')).redirectUris).to.eql([
      'http://localhost:3000/',
      'https://id.example.com/',
    ]);
  });

  it('gives a deployment from before the explorer its `explorer` application on the next start, once, under each BASE_URL', async () => {
    const first = await start();
    const before = await first.getRepository(ApplicationRepository);
    // A database written before the explorer's application existed.
    await before.deleteById('explorer');
    await first.stop();
    apps = [];

    const second = await start({BASE_URL: 'https://id.example.com'});
    const repo = await second.getRepository(ApplicationRepository);
    const observer = await second.get<FirstPartyApplicationObserver>(
      'lifeCycleObservers.FirstPartyApplicationObserver',
    );
    await Promise.all([observer.ensure(), observer.ensure()]);
    expect(await repo.count({id: 'explorer'})).to.eql({count: 1});
    expect(await repo.findById('explorer')).to.containDeep({
      name: 'API explorer',
      type: 'public',
      firstParty: true,
      redirectUris: ['https://id.example.com/explorer/oauth2-redirect.html'],
    });
    // The web page's application was kept, and learnt the new BASE_URL.
    expect((await repo.findById('web')).redirectUris).to.eql([
      'http://localhost:3000/',
      'https://id.example.com/',
    ]);
  });

  it('restores revocations of the in-process store on restart', async () => {
    const first = await start();
    const userId = (await givenUser(first)).id;
    const tokens = await givenSession(first, userId);
    const sessions: SessionService = await first.get(
      IdentityBindings.SESSION_SERVICE,
    );
    await sessions.revoke(tokens.refresh_token.split('.')[0]!, 'logout');
    await first.stop();
    apps = [];

    const second = await givenRunningApp({DATA_DIR: dataDir});
    apps.push(second.app);
    await callWithToken(second.client, tokens.access_token).expect(401);
  });
});
