import {expect} from '@loopback/testlab';
import net from 'node:net';
import {AppConfig, ConfigError} from '../../config';
import {
  checkDatabase,
  databaseHost,
  readProcessSettings,
  startFailureLine,
  StartError,
} from '../../process-control';
import {freePort} from '../fixtures/free-port';

describe('process control (unit)', () => {
  it('names the hosts of a database URL without its credentials', () => {
    expect(
      databaseHost('postgres://bob:pw@db.internal:5433/identity'),
    ).to.equal('db.internal:5433');
    expect(
      databaseHost('mongodb://u:p@a.example:27017,b.example:27018/x?rs=r0'),
    ).to.equal('a.example:27017,b.example:27018');
    expect(databaseHost('postgres://db/identity')).to.equal('db');
  });

  it('reads SHUTDOWN_TIMEOUT and START_WITHOUT_DATABASE, naming a bad one', () => {
    expect(readProcessSettings({})).to.eql({
      shutdownTimeoutMs: 10000,
      startWithoutDatabase: false,
    });
    expect(
      readProcessSettings({
        SHUTDOWN_TIMEOUT: '1m',
        START_WITHOUT_DATABASE: 'true',
      }),
    ).to.eql({shutdownTimeoutMs: 60000, startWithoutDatabase: true});
    expect(() => readProcessSettings({SHUTDOWN_TIMEOUT: 'soon'}))
      .to.throw(ConfigError)
      .and.throw(/SHUTDOWN_TIMEOUT/);
  });

  it('turns a listen error into one line, and leaves other errors alone', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
      address: '0.0.0.0',
      port: 3000,
    });
    expect(startFailureLine(inUse)).to.match(
      /^Cannot start the identity service: port 3000 on 0\.0\.0\.0 is already in use/,
    );
    expect(startFailureLine(new Error('boom'))).to.be.undefined();
  });

  it('passes when one host of several answers, and strips the password from the reason', async () => {
    const server = net.createServer(socket => socket.destroy());
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const {port} = server.address() as net.AddressInfo;
    const closed = await freePort();
    try {
      await checkDatabase(
        mongo(`mongodb://u:pw@127.0.0.1:${closed},127.0.0.1:${port}/x`),
      );
      const err = await checkDatabase(
        mongo(`mongodb://u:${closed}@127.0.0.1:${closed}/x`),
      ).catch(e => e);
      expect(err).to.be.instanceOf(StartError);
      expect(err.message).to.match(/^the database at 127\.0\.0\.1:\d+ /);
      // The password here is the port number the refusal names: the
      // connector's reason never carries it.
      expect(err.message).to.endWith('connect ECONNREFUSED 127.0.0.1:***');
    } finally {
      server.close();
    }
  });
});

function mongo(url: string): AppConfig {
  return {database: {kind: 'mongodb', url}} as AppConfig;
}
