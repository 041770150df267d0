import {expect} from '@loopback/testlab';
import {
  addressKind,
  ipLiteral,
  isLocalName,
} from '../../services/platform/network-address';

/**
 * What an address an application names would reach: the classification
 * DestinationGuard refuses by. An attacker spells 127.0.0.1 every way the
 * system resolver reads it; each spelling must land on the same kind.
 */
describe('network addresses (unit)', () => {
  /** The kind of `host` as a URL writes it; `name` for a host name. */
  const kindOf = (host: string) => {
    const ip = ipLiteral(host);
    return ip ? addressKind(ip) : 'name';
  };

  it('reads every inet_aton spelling of an IPv4 address', () => {
    const loopback = [
      '127.0.0.1',
      '2130706433',
      '0x7f000001',
      '0x7f.1',
      '0x7F.0.0.1',
      '0177.0.0.1',
      '0177.1',
      '127.1',
      '127.0.1',
      '127.0.0.1.',
      '127.000.000.001',
    ];
    for (const host of loopback) {
      expect({host, ip: ipLiteral(host)}).to.eql({host, ip: '127.0.0.1'});
    }
    expect(ipLiteral('0')).to.equal('0.0.0.0');
    expect(ipLiteral('3232235521')).to.equal('192.168.0.1');
  });

  it('does not read host names, or numbers out of range, as addresses', () => {
    for (const host of [
      'ldap.example.com',
      'localhost',
      '4294967296',
      '256.0.0.1',
      '1.2.3.4.5',
      '08.0.0.1',
      '1..2',
      '0x7g.1',
    ]) {
      expect({host, ip: ipLiteral(host)}).to.eql({host, ip: undefined});
    }
  });

  it('classifies IPv4 addresses inside the operator network', () => {
    const cases: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.255.0.9': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '100.64.0.1': 'private',
      '169.254.1.1': 'link-local',
      '169.254.169.254': 'metadata',
      '100.100.100.200': 'metadata',
      '0.0.0.0': 'unspecified',
      '0.1.2.3': 'unspecified',
      '224.0.0.1': 'multicast',
      '255.255.255.255': 'reserved',
      '172.32.0.1': 'public',
      '8.8.8.8': 'public',
      '192.169.0.1': 'public',
    };
    for (const [ip, kind] of Object.entries(cases)) {
      expect({ip, kind: addressKind(ip)}).to.eql({ip, kind});
    }
  });

  it('classifies IPv6 addresses, and IPv4 ones wrapped in IPv6 as the IPv4 address', () => {
    const cases: Record<string, string> = {
      '[::1]': 'loopback',
      '::1': 'loopback',
      '[0:0:0:0:0:0:0:1]': 'loopback',
      '::': 'unspecified',
      'fe80::1': 'link-local',
      '[fe80::1%25eth0]': 'link-local',
      'fc00::1': 'private',
      'fd12:3456::1': 'private',
      'fd00:ec2::254': 'metadata',
      'ff02::1': 'multicast',
      '::ffff:127.0.0.1': 'loopback',
      '[::ffff:7f00:1]': 'loopback',
      '::ffff:169.254.169.254': 'metadata',
      '::ffff:10.0.0.1': 'private',
      '::127.0.0.1': 'loopback',
      '64:ff9b::7f00:1': 'loopback',
      '64:ff9b::a9fe:a9fe': 'metadata',
      '2002:7f00:1::': 'loopback',
      '2001:4860:4860::8888': 'public',
      '::ffff:8.8.8.8': 'public',
      // IPv4-translated (SIIT), local-use NAT64 and Teredo carry an IPv4
      // address a translator may reach: none is a public host.
      '::ffff:0:7f00:1': 'reserved',
      '64:ff9b:1::7f00:1': 'reserved',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2': 'reserved',
    };
    for (const [host, kind] of Object.entries(cases)) {
      expect({host, kind: kindOf(host)}).to.eql({host, kind});
    }
  });

  it('knows the names of the machine itself and of metadata services', () => {
    for (const name of [
      'localhost',
      'LOCALHOST',
      'localhost.',
      'ldap.localhost',
      'metadata.google.internal',
      'metadata.google.internal.',
    ]) {
      expect({name, local: isLocalName(name)}).to.eql({name, local: true});
    }
    expect(isLocalName('localhost.example.com')).to.be.false();
    expect(isLocalName('ldap.example.com')).to.be.false();
  });
});
