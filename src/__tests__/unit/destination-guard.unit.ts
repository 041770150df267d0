import {expect} from '@loopback/testlab';
import {givenConfig} from '../fixtures/app';
import {
  DestinationGuard,
  DestinationRefused,
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
