import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {lookup as dnsLookup} from 'node:dns/promises';
import {BlockList, isIP} from 'node:net';
import {AllowedDestination, AppConfig} from '../../config';
import {PlatformBindings, SharedBindings} from './keys';
import {
  addressKind,
  AddressKind,
  ipLiteral,
  isLocalName,
  normalHost,
} from './network-address';

/** Where a connection goes: the checked address, and the name it was asked by. */
export interface PinnedDestination {
  /** The IP address to connect to: the one that was checked. */
  address: string;
  /** The URL's host name, for TLS (SNI, certificate); undefined for an IP URL. */
  servername?: string;
}

/**
 * Every address a host name resolves to, first the one to connect to;
 * rejects when it resolves to none. The system resolver unless a test
 * hands the guard another.
 */
export type HostLookup = (host: string) => Promise<readonly string[]>;

/** A destination refused: `reason` says what it would reach. */
export class DestinationRefused extends Error {
  constructor(
    readonly host: string,
    readonly reason: AddressKind | 'unresolved',
  ) {
    super(`${host}: ${reason} address`);
    this.name = 'DestinationRefused';
  }
}

/**
 * The rule of connections the service makes to a place a client
 * application chose (its own LDAP server): never into the operator's
 * network (loopback, private, link-local, unspecified, cloud metadata…)
 * unless APPLICATION_DIRECTORY_HOSTS names the place. Checked when the
 * application saves the setting (the host as written) and again at each
 * connection (every address the name resolves to, then that very address
 * is connected to, so a DNS answer that changes in between cannot swap it).
 * Operator-configured destinations (providers.json) never come here.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: PlatformBindings.DESTINATION_GUARD},
})
export class DestinationGuard {
  private readonly hosts: readonly AllowedDestination[];
  private readonly networks = new BlockList();

  constructor(
    @inject(SharedBindings.CONFIG) config: AppConfig,
    // Not injected: a default parameter is outside the constructor's
    // length, so the context passes only the configuration.
    private readonly lookup: HostLookup = systemLookup,
  ) {
    const allowed = config.applicationDirectories.allowed;
    this.hosts = allowed.filter(a => a.host);
    for (const {network} of allowed) {
      if (network) {
        this.networks.addSubnet(
          network.address,
          network.prefix,
          network.family,
        );
      }
    }
  }

  /**
   * Why `url` may not be saved, judged by its host as written (an address
   * in any spelling, or a name of the machine itself); undefined when it
   * may. A name is resolved only at connection time.
   */
  urlProblem(url: string): string | undefined {
    const {host, port} = hostAndPort(url);
    if (this.hostAllowed(host, port)) return undefined;
    const ip = ipLiteral(host);
    const kind = ip
      ? this.kindOf(ip)
      : isLocalName(host)
        ? 'loopback'
        : 'public';
    return kind === 'public' ? undefined : refusal(kind);
  }

  /**
   * The address to connect to for `url`: its host resolved, every address
   * checked (one inside the operator's network refuses them all), and the
   * first returned. A name that does not resolve within `timeoutMs` (the
   * connection's own budget, which the lookup used to be part of) counts
   * as unresolved. Throws `DestinationRefused`.
   */
  async pin(url: string, timeoutMs = 10_000): Promise<PinnedDestination> {
    const {host, port} = hostAndPort(url);
    const literal = ipLiteral(host);
    const addresses = literal
      ? [literal]
      : await resolve(this.lookup, host, timeoutMs);
    if (!addresses.length) throw new DestinationRefused(host, 'unresolved');
    if (!this.hostAllowed(host, port)) {
      for (const address of addresses) {
        const kind = this.kindOf(address);
        if (kind !== 'public') throw new DestinationRefused(host, kind);
      }
    }
    return {
      address: addresses[0]!,
      ...(literal ? {} : {servername: normalHost(host)}),
    };
  }

  /** `public` for an address an allowed network holds. */
  private kindOf(ip: string): AddressKind {
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (this.networks.check(ip, family)) return 'public';
    return addressKind(ip);
  }

  private hostAllowed(host: string, port: number): boolean {
    const name = ipLiteral(host) ?? normalHost(host);
    return this.hosts.some(
      a =>
        (ipLiteral(a.host!) ?? a.host) === name &&
        (a.port === undefined || a.port === port),
    );
  }
}

function refusal(kind: AddressKind): string {
  return `is a ${kind} address, which an application's directory may not be at (the operator may allow it with APPLICATION_DIRECTORY_HOSTS)`;
}

function hostAndPort(url: string): {host: string; port: number} {
  const parsed = new URL(url);
  const port = parsed.port
    ? Number(parsed.port)
    : parsed.protocol === 'ldaps:'
      ? 636
      : 389;
  return {host: parsed.hostname, port};
}

/**
 * Every address of `host`, as the system resolver answers connections;
 * none on failure or after `timeoutMs` (a hostile application's slow DNS
 * must not hold the sign-in up).
 */
async function resolve(
  lookupOf: HostLookup,
  host: string,
  timeoutMs: number,
): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<[]>(done => {
    timer = setTimeout(() => done([]), timeoutMs);
  });
  const found = lookupOf(normalHost(host))
    .then(all => all.map(a => ipLiteral(a) ?? a))
    .catch(() => []);
  try {
    return await Promise.race([found, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The system resolver, as connections use it. */
async function systemLookup(host: string): Promise<string[]> {
  // IPv4 first: one address is connected to (no happy eyeballs), and a
  // directory is likelier to listen on it.
  const all = await dnsLookup(host, {all: true, order: 'ipv4first'});
  return all.map(a => a.address);
}
