import {expect} from '@loopback/testlab';
import {givenConfig} from '../fixtures/app';
import {
  DestinationGuard,
  DestinationRefused,
  HostLookup,
} from '../../services/platform/destination-guard.service';

/** A guard under APPLICATION_DIRECTORY_HOSTS = `allowed` (unset without). */
function givenGuard(allowed?: string): DestinationGuard {
  return new DestinationGuard(
    givenConfig(allowed ? {APPLICATION_DIRECTORY_HOSTS: allowed} : {}),
  );
}

/**
 * Where an application's directory may be: public addresses always;
 * inside the operator's network only where APPLICATION_DIRECTORY_HOSTS
 * says; judged as written when saved, and by every resolved address at
 * connection time.
 */
describe('DestinationGuard (unit)', () => {
  it('refuses, when saved, every spelling of an address inside the network', () => {
    const guard = givenGuard();
    for (const url of [
      'ldaps://127.0.0.1:636',
      'ldaps://2130706433',
      'ldaps://0x7f.1:6379',
      'ldaps://0177.0.0.1',
      'ldaps://[::1]:636',
      'ldaps://[::ffff:127.0.0.1]',
      'ldaps://169.254.169.254',
      'ldaps://10.0.0.5',
      'ldaps://[fd00::5]',
      'ldaps://0.0.0.0',
      'ldaps://localhost:636',
      'ldaps://localhost.',
      'ldaps://127.0.0.1.:636',
      'ldaps://metadata.google.internal',
    ]) {
      expect({url, problem: guard.urlProblem(url)})
        .to.have.property('problem')
        .match(/address, which an application's directory may not be at/);
    }
  });

  it('takes public addresses and names without asking DNS', () => {
    const guard = givenGuard();
    expect(guard.urlProblem('ldaps://8.8.8.8')).to.be.undefined();
    expect(
      guard.urlProblem('ldaps://directory.tenant.test:636'),
    ).to.be.undefined();
  });

  it('takes what the operator allows: a host, a host:port, a network', () => {
    const guard = givenGuard(
      'ldap.corp.example:636, 10.1.0.0/16, localhost, [::1]:3269',
    );
    expect(guard.urlProblem('ldaps://10.1.2.3')).to.be.undefined();
    expect(guard.urlProblem('ldaps://localhost:1636')).to.be.undefined();
    expect(guard.urlProblem('ldaps://[::1]:3269')).to.be.undefined();
    expect(guard.urlProblem('ldaps://[::1]:636')).to.match(/loopback/);
    expect(guard.urlProblem('ldaps://10.2.0.1')).to.match(/private/);
    expect(guard.urlProblem('ldaps://127.0.0.1')).to.match(/loopback/);
  });

  it('at connection time resolves the name and refuses it when any address is inside', async () => {
    const guard = givenGuard();
    const err = await guard.pin('ldaps://localhost:636').catch(e => e);
    expect(err).to.be.instanceOf(DestinationRefused);
    expect(err.reason).to.match(/loopback/);
    const literal = await guard.pin('ldaps://0x7f.1').catch(e => e);
    expect(literal).to.be.instanceOf(DestinationRefused);
  });

  it('pins an allowed name to the checked address, keeping the name for TLS', async () => {
    const guard = givenGuard('127.0.0.0/8, ::1');
    const pinned = await guard.pin('ldaps://localhost.:636');
    expect(['127.0.0.1', '::1']).to.containEql(pinned.address);
    expect(pinned.servername).to.equal('localhost');
    expect(await guard.pin('ldaps://127.0.0.1')).to.eql({address: '127.0.0.1'});
  });

  it('refuses a bad APPLICATION_DIRECTORY_HOSTS at start, naming the variable', () => {
    expect(() => givenGuard('10.0.0.0/33')).to.throw(
      /APPLICATION_DIRECTORY_HOSTS: "10.0.0.0\/33" is not a CIDR network/,
    );
    expect(() => givenGuard('ldap.example:99999')).to.throw(
      /APPLICATION_DIRECTORY_HOSTS: "ldap.example:99999": the port/,
    );
  });
});

/** A guard whose DNS is `lookup`, under no APPLICATION_DIRECTORY_HOSTS. */
function givenGuardAsking(lookup: HostLookup): DestinationGuard {
  return new DestinationGuard(givenConfig({}), lookup);
}

/** `promise`'s outcome, or a failure naming `what` after `ms`. */
async function within<T>(ms: number, what: string, promise: Promise<T>) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise(done => setTimeout(done, ms));

/**
 * The addresses a client application's own name resolves to are the
 * application's to choose, and so is how slowly its DNS answers: the
 * guard gives up after the connection's budget, as for a name that does
 * not exist, and refuses a mix of public and private addresses.
 */
describe('DestinationGuard at connection time, with a hostile DNS (unit)', () => {
  const notFound: HostLookup = () =>
    Promise.reject(Object.assign(new Error('not found'), {code: 'ENOTFOUND'}));

  /** The refusal of `url` under `lookup`, and how long it took. */
  async function refusalOf(lookup: HostLookup, timeoutMs: number) {
    const started = Date.now();
    const err = await within(
      2000,
      'pin',
      givenGuardAsking(lookup).pin('ldaps://dir.tenant.test', timeoutMs),
    ).catch(e => e);
    return {err, elapsed: Date.now() - started};
  }

  it('refuses a name whose DNS never answers after the timeout, as a name that does not resolve', async () => {
    const never = await refusalOf(() => new Promise(() => {}), 100);
    const missing = await refusalOf(notFound, 100);
    expect(missing.err).to.be.instanceOf(DestinationRefused);
    expect(never.err).to.be.instanceOf(DestinationRefused);
    expect({reason: never.err.reason, message: never.err.message}).to.eql({
      reason: 'unresolved',
      message: missing.err.message,
    });
    expect(never.elapsed).to.be.within(90, 1000);
  });

  it('keeps its refusal when the answer comes after the timeout', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const lateAnswer = sleep(200).then(() => ['8.8.8.8']);
      const lateFailure = sleep(200).then(() => notFound('dir.tenant.test'));
      for (const lookup of [() => lateAnswer, () => lateFailure]) {
        const {err} = await refusalOf(lookup, 50);
        expect(err).to.be.instanceOf(DestinationRefused);
        expect(err.reason).to.equal('unresolved');
      }
      await sleep(250);
      expect(await lateAnswer).to.eql(['8.8.8.8']);
      expect(unhandled).to.be.empty();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('refuses a name resolving to a public and a private address, in either order', async () => {
    for (const addresses of [
      ['8.8.8.8', '10.0.0.5'],
      ['10.0.0.5', '8.8.8.8'],
      ['2001:4860:4860::8888', '::ffff:192.168.1.1'],
    ]) {
      const {err} = await refusalOf(async () => addresses, 1000);
      expect({addresses, err})
        .to.have.property('err')
        .instanceOf(DestinationRefused);
      expect(err.reason).to.equal('private');
    }
  });

  it('pins a name resolving only to public addresses to the first one', async () => {
    const guard = givenGuardAsking(async () => ['8.8.8.8', '8.8.4.4']);
    expect(await guard.pin('ldaps://dir.tenant.test', 1000)).to.eql({
      address: '8.8.8.8',
      servername: 'dir.tenant.test',
    });
  });
});
