import {isIP} from 'node:net';
import {AllowedDestination, AppConfig} from './app-config';

type Read = <T>(name: string, parse: (raw: string) => T, fallback: T) => T;

/**
 * APPLICATION_DIRECTORY_HOSTS: the places inside the operator's network
 * (loopback, private, link-local… addresses) that an application's own
 * directory may be at, comma-separated: `ldap.corp.example`,
 * `ldap.corp.example:636`, `10.1.2.0/24`, `127.0.0.1`, `[::1]:636`,
 * `fd00::/8`. Public addresses need no entry; without the variable every
 * address inside is refused (services/platform/destination-guard.ts).
 */
export function readApplicationDirectorySettings(
  read: Read,
): Pick<AppConfig, 'applicationDirectories'> {
  const allowed = read('APPLICATION_DIRECTORY_HOSTS', parseDestinations, []);
  return {applicationDirectories: {allowed}};
}

function parseDestinations(raw: string): AllowedDestination[] {
  return raw
    .split(',')
    .map(item => item.trim())
    .filter(item => item !== '')
    .map(parseDestination);
}

function parseDestination(item: string): AllowedDestination {
  if (item.includes('/')) return {network: parseNetwork(item)};
  const ip = item.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(ip);
  if (family) {
    const prefix = family === 4 ? 32 : 128;
    return {network: {address: ip, prefix, family: familyOf(family)}};
  }
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(item);
  const host = match?.[1]?.replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');
  if (!match || !host || !(isIP(host) || /^[a-z0-9.-]+$/i.test(host))) {
    throw new Error(
      `"${item}" is not a host name, host:port, IP address or CIDR network`,
    );
  }
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && !(port >= 1 && port <= 65535)) {
    throw new Error(`"${item}": the port must be 1 to 65535`);
  }
  return {host: host.toLowerCase(), ...(port ? {port} : {})};
}

function parseNetwork(
  item: string,
): NonNullable<AllowedDestination['network']> {
  const [address = '', bits = ''] = item.split('/');
  const family = isIP(address);
  const prefix = /^\d+$/.test(bits) ? Number(bits) : NaN;
  if (!family || !(prefix >= 0 && prefix <= (family === 4 ? 32 : 128))) {
    throw new Error(`"${item}" is not a CIDR network (e.g. 10.0.0.0/8)`);
  }
  return {address, prefix, family: familyOf(family)};
}

function familyOf(version: number): 'ipv4' | 'ipv6' {
  return version === 6 ? 'ipv6' : 'ipv4';
}
