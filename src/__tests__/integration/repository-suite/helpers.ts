import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {AppError, ErrorCode} from '../../../errors';
import {Application, Session, User, UserIdentity} from '../../../models';
import {ManualClock} from '../../fixtures/manual-clock';
import {OidcRepositories} from '../../fixtures/oidc-repositories';

/** What every part of the repository suite is handed. */
export interface SuiteContext {
  repos: OidcRepositories;
  clock: ManualClock;
}

/** A value no other test, or other run sharing the database, will use. */
export function uid(): string {
  return randomUUID().slice(0, 12);
}

export function givenUser(
  {repos}: SuiteContext,
  data: Partial<User> = {},
): Promise<User & {email: string}> {
  return repos.users.create({
    email: `user-${uid()}@example.com`,
    ...data,
  }) as Promise<User & {email: string}>;
}

export function givenApplication(
  {repos}: SuiteContext,
  data: Partial<Application> = {},
): Promise<Application> {
  return repos.applications.create({
    name: 'Test app',
    ownerId: randomUUID(),
    type: 'public',
    redirectUris: ['https://app.example.com/cb'],
    ...data,
  });
}

export function givenIdentity(
  ctx: SuiteContext,
  userId: string,
  data: Partial<UserIdentity> = {},
): Promise<UserIdentity> {
  return ctx.repos.identities.create({
    userId,
    provider: 'github',
    authScheme: 'oauth2',
    externalId: uid(),
    profile: {displayName: 'Octo Cat'},
    ...data,
  });
}

export function givenSession(
  ctx: SuiteContext,
  userId: string,
  applicationId: string,
  data: Partial<Session> = {},
): Promise<Session> {
  const now = new Date(ctx.clock.now());
  return ctx.repos.sessions.create({
    userId,
    applicationId,
    authMethod: 'password',
    refreshTokenHash: `hash-${uid()}`,
    familyId: randomUUID(),
    ip: '127.0.0.1',
    lastUsedAt: now,
    expiresAt: new Date(now.getTime() + 3600_000),
    ...data,
  });
}

/** Asserts the write fails with the given 409 AppError code. */
export async function expectConflict(
  write: Promise<unknown>,
  code: ErrorCode,
): Promise<void> {
  const err = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(AppError);
  expect(err).to.containEql({code, statusCode: 409});
}

export const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
