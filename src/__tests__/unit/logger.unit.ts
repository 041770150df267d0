import {expect} from '@loopback/testlab';
import {Writable} from 'node:stream';
import {createLogger} from '../../services/platform/logger';

describe('logger', () => {
  function givenCapturedLogger() {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    return {log: createLogger('debug', sink), lines};
  }

  it('writes one JSON object per line with level and time', () => {
    const {log, lines} = givenCapturedLogger();
    log.info({userId: 'u1'}, 'signed in');
    const entry = JSON.parse(lines[0]!);
    expect(entry).to.containDeep({
      level: 'info',
      msg: 'signed in',
      userId: 'u1',
    });
    expect(new Date(entry.time).toString()).to.not.equal('Invalid Date');
  });

  it('never writes passwords, tokens or secrets', () => {
    const {log, lines} = givenCapturedLogger();
    log.warn(
      {
        password: 'hunter2-password',
        body: {password: 'nested-password', refresh_token: 'rt-secret'},
        req: {
          headers: {
            authorization: 'Bearer abc.def.ghi',
            'device-token': 'device-token-header',
          },
        },
        context: {deviceToken: 'device-token-context'},
        app: {credentials: {clientSecret: 'client-secret-value'}},
        token: 'access-token-value',
      },
      'suspicious',
    );
    const text = lines.join('\n');
    for (const secret of [
      'hunter2-password',
      'nested-password',
      'rt-secret',
      'abc.def.ghi',
      'client-secret-value',
      'access-token-value',
      'device-token-header',
      'device-token-context',
    ]) {
      expect(text).to.not.containEql(secret);
    }
    expect(text).to.containEql('[redacted]');
  });

  it('censors secrets in arrays and errors, leaving the logged objects as they were', () => {
    const {log, lines} = givenCapturedLogger();
    const failure = Object.assign(new Error('upstream refused'), {
      token: 'error-token-value',
    });
    const logged = {
      err: failure,
      attempts: [{password: 'array-password'}, {ok: true}],
      deep: {a: {b: {secret: 'three-levels-down'}}},
    };
    log.error(logged, 'failed');
    const text = lines.join('\n');
    for (const secret of [
      'error-token-value',
      'array-password',
      'three-levels-down',
    ]) {
      expect(text).to.not.containEql(secret);
    }
    const entry = JSON.parse(lines[0]!);
    expect(entry.err).to.containDeep({
      type: 'Error',
      message: 'upstream refused',
    });
    expect(entry.err.stack).to.match(/upstream refused/);
    expect(failure.token).to.equal('error-token-value');
    expect(logged.attempts[0]).to.eql({password: 'array-password'});
  });

  it('honours the level', () => {
    const {lines} = givenCapturedLogger();
    const quiet = createLogger('warn');
    expect(quiet.isLevelEnabled('info')).to.be.false();
    expect(quiet.isLevelEnabled('error')).to.be.true();
    expect(lines).to.be.empty();
  });
});
