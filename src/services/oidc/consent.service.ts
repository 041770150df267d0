import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {OidcBindings} from './keys';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {Consent} from '../../models';
import {
  ApplicationRepository,
  ConsentRepository,
  ResourceRepository,
} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {SessionService} from '../tokens/session.service';
import {describeGrant} from './consent-words';

/** A consent as its user sees it (`GET /users/me/consents`). */
export interface ConsentView {
  id: string;
  applicationId: string;
  applicationName: string;
  scopes: string[];
  /** Each resource by its identifier, and its name while it exists. */
  resources: {identifier: string; name?: string}[];
  /** What the scopes and resources allow, in plain words. */
  descriptions: string[];
  /** When the person first allowed the application anything. */
  created: Date;
  /** When the person last allowed it more. */
  modified: Date;
}

/**
 * What people allowed third-party applications: stored when they allow it
 * on the consent page (each answer adds to the last: scopes and resources
 * are united, never narrowed), listed and revoked by their owner.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcBindings.CONSENT_SERVICE},
})
export class ConsentService {
  constructor(
    @repository(ConsentRepository) private consents: ConsentRepository,
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @repository(ResourceRepository) private resources: ResourceRepository,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /**
   * Adds `scopes` and `resources` to what `userId` allowed `applicationId`,
   * creating the consent on the first answer.
   */
  async grant(
    userId: string,
    applicationId: string,
    granted: {scopes: readonly string[]; resources: readonly string[]},
  ): Promise<void> {
    const where = {userId, applicationId};
    const existing = await this.consents.findOne({where});
    if (!existing) {
      try {
        await this.consents.create({...where, ...union(undefined, granted)});
        return;
      } catch (err) {
        // Another tab's answer created it meanwhile: add to that one.
        if (!(err instanceof AppError && err.code === 'DUPLICATE_KEY')) {
          throw err;
        }
      }
    }
    const current = existing ?? (await this.consents.findOne({where}));
    if (!current) return;
    await this.consents.updateById(current.id, union(current, granted));
  }

  /** The user's consents, most recently extended first. */
  async list(userId: string): Promise<ConsentView[]> {
    const consents = await this.consents.find({
      where: {userId},
      order: ['modified DESC'],
    });
    if (!consents.length) return [];
    const apps = await this.applications.find({
      where: {id: {inq: consents.map(c => c.applicationId)}},
      fields: {id: true, name: true},
    });
    const identifiers = [...new Set(consents.flatMap(c => c.resources))];
    const resources = identifiers.length
      ? await this.resources.find({
          where: {identifier: {inq: identifiers}},
          fields: {identifier: true, name: true, scopes: true},
        })
      : [];
    const names = new Map(apps.map(a => [a.id, a.name]));
    return consents.map(consent =>
      view(consent, names.get(consent.applicationId) ?? '', resources),
    );
  }

  /**
   * Revokes one of the user's consents, and with it every session the
   * user has with that application: its refresh tokens and access tokens
   * stop working at once, and its next authorization asks again. Another
   * user's consent, or none, is `CONSENT_NOT_FOUND`.
   */
  async revoke(
    userId: string,
    consentId: string,
    context: RequestContext,
  ): Promise<void> {
    const consent = await this.consents.findOne({where: {id: consentId}});
    if (!consent || consent.userId !== userId) {
      throw new AppError('CONSENT_NOT_FOUND', 'No such consent of yours.');
    }
    await this.consents.deleteById(consent.id);
    const sessions = (await this.sessions.listActive(userId)).filter(
      s => s.applicationId === consent.applicationId,
    );
    for (const session of sessions) {
      await this.sessions.revoke(session.id, 'user');
    }
    await this.audit.record('consent.revoked', {
      userId,
      applicationId: consent.applicationId,
      context,
      details: {sessionIds: sessions.map(s => s.id)},
    });
  }
}

function union(
  current: {scopes?: string[]; resources?: string[]} | undefined,
  granted: {scopes: readonly string[]; resources: readonly string[]},
): {scopes: string[]; resources: string[]} {
  return {
    scopes: [...new Set([...(current?.scopes ?? []), ...granted.scopes])],
    resources: [
      ...new Set([...(current?.resources ?? []), ...granted.resources]),
    ],
  };
}

function view(
  consent: Consent,
  applicationName: string,
  known: {identifier: string; name: string; scopes?: string[]}[],
): ConsentView {
  const resources = consent.resources.map(identifier => {
    const name = known.find(r => r.identifier === identifier)?.name;
    return {identifier, ...(name ? {name} : {})};
  });
  return {
    id: consent.id,
    applicationId: consent.applicationId,
    applicationName,
    scopes: consent.scopes,
    resources,
    descriptions: describeGrant(consent.scopes, consent.resources, known),
    created: consent.created,
    modified: consent.modified,
  };
}
