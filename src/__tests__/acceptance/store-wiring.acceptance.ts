import {Client, createRestAppClient, expect} from '@loopback/testlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {IdentityApplication} from '../../application';
import {loadConfig} from '../../config';
import {IdentityBindings} from '../../keys';
import {EphemeralStore} from '../../services/store/ephemeral-store';
import {requireService, TEST_REDIS_URL} from '../fixtures/services';

describe('Ephemeral store wiring (acceptance)', () => {
  let app: IdentityApplication | undefined;
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-store-'));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    fs.rmSync(dataDir, {recursive: true, force: true});
  });

  it('uses the memory store without REDIS_URL and closes it on stop', async () => {
    const {client, store} = await givenRunningApp({});
    expect(store.kind).to.equal('memory');
    await client.get('/ready').expect(200);
    await app!.stop();
    await expect(store.ping()).to.be.rejectedWith({
      code: 'SERVICE_UNAVAILABLE',
    });
  });

  it('answers /ready with 503 promptly when Redis is unreachable', async () => {
    const {client, store} = await givenRunningApp({
      REDIS_URL: 'redis://127.0.0.1:1/0',
    });
    expect(store.kind).to.equal('redis');
    const started = Date.now();
    const res = await client.get('/ready').expect(503);
    expect(Date.now() - started).to.be.below(3000);
    expect(res.body).to.containDeep({
      status: 'unavailable',
      checks: {database: 'ok', store: 'unreachable'},
    });
  });

  it(
    'uses Redis when REDIS_URL is set and reports it ready',
    /** @this Mocha.Context */ async function () {
      await requireService(
        this,
        'Redis',
        TEST_REDIS_URL,
        'set TEST_REDIS_URL or run Redis on 127.0.0.1:6379',
      );
      const {client, store} = await givenRunningApp({
        REDIS_URL: TEST_REDIS_URL,
      });
      expect(store.kind).to.equal('redis');
      await client.get('/ready').expect(200);
      await app!.stop();
      await expect(store.ping()).to.be.rejectedWith({
        code: 'SERVICE_UNAVAILABLE',
      });
    },
  );

  async function givenRunningApp(
    env: Record<string, string>,
  ): Promise<{client: Client; store: EphemeralStore}> {
    const {config} = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      APP_SECRET: 'x'.repeat(32),
      ...env,
    });
    app = new IdentityApplication(config);
    await app.boot();
    await app.start();
    const store = await app.get(IdentityBindings.STORE);
    return {client: createRestAppClient(app), store};
  }
});
