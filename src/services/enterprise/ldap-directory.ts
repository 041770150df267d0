import {lazyModule} from '../platform/lazy-module';
import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import type {Client, Entry} from 'ldapts';
import {randomUUID} from 'node:crypto';
import {isIP} from 'node:net';
import type {ConnectionOptions} from 'node:tls';
import {LdapEntry, LdapServer} from '../../config/ldap-entry';
import {fillFilter} from '../../config/ldap-names';
import {AppError} from '../../errors';
import {
  DestinationGuard,
  DestinationRefused,
} from '../platform/destination-guard.service';
import {PlatformBindings} from '../platform/keys';
import {Logger} from '../platform/logger';
import {attributesToRead, groupsOf} from './ldap-attributes';
import {EnterpriseBindings} from './keys';

// Loaded at the first directory sign-in.
const ldapts = lazyModule(() => require('ldapts') as typeof import('ldapts'));

/** A directory user whose password the directory accepted. */
export interface DirectoryAccount {
  readonly dn: string;
  readonly entry: Entry;
  /** DNs of the groups the user is a member of. */
  readonly groups: readonly string[];
}

/**
 * Search-then-bind against one entry's directory: the service account (or
 * an anonymous bind) finds the one entry the escaped username names, then
 * the user's DN binds with the password. Each sign-in runs on a fresh
 * connection of its own, closed after it, so a user's bind never lands on a
 * connection anyone else uses.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: EnterpriseBindings.LDAP_DIRECTORY},
})
export class LdapDirectory {
  constructor(
    @inject(PlatformBindings.LOGGER) private log: Logger,
    @inject(PlatformBindings.DESTINATION_GUARD)
    private destinations: DestinationGuard,
  ) {}

  /**
   * The account `username` names, when `password` is its password;
   * undefined for an unknown user, a wrong password, or a username that
   * matches more than one entry. Never binds with an empty password (which
   * a directory may take as an anonymous bind that "succeeds").
   * Throws `DIRECTORY_UNAVAILABLE` when the directory cannot be reached
   * (connection, TLS, timeout) and `PROVIDER_ERROR` when it refuses the
   * service account or the search.
   */
  async authenticate(
    entry: LdapEntry,
    username: string,
    password: string,
  ): Promise<DirectoryAccount | undefined> {
    if (!username || !password) return undefined;
    const server = await this.reachable(entry);
    const client = new (ldapts().Client)({
      url: server.url,
      timeout: server.timeout,
      connectTimeout: server.connectTimeout,
      // ldapts speaks TLS from the start whenever tlsOptions are given, so
      // an ldap:// URL gets them only through StartTLS.
      ...(server.url.startsWith('ldaps://')
        ? {tlsOptions: tlsOptions(server)}
        : {}),
      strictDN: true,
    });
    let stage: Stage = 'connect';
    try {
      if (server.starttls) await client.startTLS(tlsOptions(server));
      stage = 'service';
      if (server.bindDn) {
        await client.bind(server.bindDn, server.bindCredentials ?? '');
      }
      stage = 'search';
      const found = await this.findUser(client, entry, username);
      if (!found) {
        stage = 'user';
        // A bind anyway, so an unknown name costs what a wrong password does.
        await bindQuietly(
          client,
          `cn=${randomUUID()},${server.searchBase}`,
          password,
        );
        return undefined;
      }
      const groups = await this.groupsOf(client, entry, found, username);
      stage = 'user';
      await client.bind(found.dn, password);
      return {dn: found.dn, entry: found, groups};
    } catch (err) {
      if (stage === 'user' && isRefusedBind(err)) return undefined;
      throw this.failure(entry, stage, err);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /**
   * The entry's server as it is to be connected to. An application's own
   * server is pinned to the address its name resolves to now, checked by
   * DestinationGuard (TLS still names and checks the host it was given);
   * providers.json's servers are the operator's, and trusted as written.
   */
  private async reachable(entry: LdapEntry): Promise<LdapServer> {
    const {server} = entry;
    if (!server.applicationOwned) return server;
    try {
      const {address, servername} = await this.destinations.pin(
        server.url,
        server.connectTimeout,
      );
      const url = new URL(server.url);
      const host = isIP(address) === 6 ? `[${address}]` : address;
      const port = url.port || (url.protocol === 'ldaps:' ? '636' : '389');
      const tls = {
        ...server.tls,
        servername: server.tls.servername ?? servername,
      };
      return {...server, url: `${url.protocol}//${host}:${port}`, tls};
    } catch (err) {
      if (!(err instanceof DestinationRefused)) throw err;
      this.log.warn(
        {entry: entry.name, host: err.host, reason: err.reason},
        "LDAP sign-in refused: the application's directory is inside the operator's network",
      );
      throw err.reason === 'unresolved'
        ? new AppError(
            'DIRECTORY_UNAVAILABLE',
            `The directory of ${entry.name} cannot be reached; try again later.`,
          )
        : new AppError(
            'PROVIDER_ERROR',
            `The directory of ${entry.name} is at an address the service does not reach.`,
          );
    }
  }

  /** The one entry the filter finds; undefined for none or several. */
  private async findUser(
    client: Client,
    entry: LdapEntry,
    username: string,
  ): Promise<Entry | undefined> {
    const {server} = entry;
    try {
      const {searchEntries} = await client.search(server.searchBase, {
        scope: server.searchScope,
        filter: fillFilter(server.searchFilter, {username}),
        attributes: attributesToRead(entry),
        explicitBufferAttributes: ['objectGUID'],
        sizeLimit: 2,
      });
      return searchEntries.length === 1 ? searchEntries[0] : undefined;
    } catch (err) {
      // More than one match is no match: never guess which one is meant.
      if (err instanceof ldapts().SizeLimitExceededError) return undefined;
      throw err;
    }
  }

  /** `memberOf` of the entry, and the groups a group search finds. */
  private async groupsOf(
    client: Client,
    entry: LdapEntry,
    user: Entry,
    username: string,
  ): Promise<string[]> {
    const groups = groupsOf(user);
    const {groupSearchBase, groupSearchFilter} = entry.server;
    if (!groupSearchBase || !groupSearchFilter) return groups;
    const {searchEntries} = await client.search(groupSearchBase, {
      scope: 'sub',
      filter: fillFilter(groupSearchFilter, {dn: user.dn, username}),
      attributes: ['1.1'],
      sizeLimit: 1000,
    });
    return [...new Set([...groups, ...searchEntries.map(g => g.dn)])];
  }

  private failure(entry: LdapEntry, stage: Stage, err: unknown): AppError {
    this.log.warn(
      {entry: entry.name, stage, err: String(err)},
      'LDAP directory sign-in failed',
    );
    if (!(err instanceof ldapts().ResultCodeError)) {
      // Refused connection, timeout, TLS failure (wrong CA, name mismatch).
      return new AppError(
        'DIRECTORY_UNAVAILABLE',
        `The directory of ${entry.name} cannot be reached; try again later.`,
      );
    }
    return new AppError(
      'PROVIDER_ERROR',
      stage === 'service'
        ? `The directory of ${entry.name} refused the service account.`
        : `The directory of ${entry.name} refused the search.`,
    );
  }
}

type Stage = 'connect' | 'service' | 'search' | 'user';

/**
 * A user bind the directory refused: wrong password, or an account it
 * will not let in (Active Directory answers 49 for locked, expired and
 * disabled accounts; others 53 or 50).
 */
function isRefusedBind(err: unknown): boolean {
  return (
    err instanceof ldapts().ResultCodeError && [49, 50, 53].includes(err.code)
  );
}

async function bindQuietly(
  client: Client,
  dn: string,
  password: string,
): Promise<void> {
  try {
    await client.bind(dn, password);
  } catch (err) {
    if (!(err instanceof ldapts().ResultCodeError)) throw err;
  }
}

/** Node's TLS options from the entry's: the CA it names, checked names. */
function tlsOptions(server: LdapServer): ConnectionOptions {
  const {ca, rejectUnauthorized, servername} = server.tls;
  return {
    ...(ca ? {ca: [...ca]} : {}),
    rejectUnauthorized,
    ...(servername ? {servername} : {}),
  };
}
