import {DataObject} from '@loopback/repository';
import {AppError} from '../../errors';
import {Application} from '../../models';
import {isBuiltInClient} from '../platform/web-client';
import {checkAll, checkOrigin, checkRedirectUri} from './application-input';
import {OidcSettingsInput} from './application-oidc-settings';

/**
 * What `PATCH /applications/{id}` may change; the OpenID Provider settings
 * are checked by oidcSettings.
 */
export interface ApplicationChanges extends OidcSettingsInput {
  name?: string;
  redirectUris?: string[];
  allowedOrigins?: string[];
  disabled?: boolean;
  /** Admin only. */
  firstParty?: boolean;
  /** Admin only: the origins CORS admits, each one of `allowedOrigins`. */
  verifiedOrigins?: string[];
}

/** Fields only an admin may send, as `roles` and `disabled` are for users. */
const ADMIN_ONLY = ['firstParty', 'verifiedOrigins'] as const;

/**
 * The stored form of a change to `app`, checked. Throws `FORBIDDEN` for an
 * admin-only field (or re-enabling) sent by a non-admin, `CONFLICT` for
 * taking a built-in application's (`web`, `explorer`) first-party status, `INVALID_REDIRECT_URI` /
 * `INVALID_ORIGIN` / `VALIDATION_FAILED` for bad values.
 */
export function applicationUpdate(
  app: Application,
  changes: ApplicationChanges,
  actor: {isAdmin: boolean; now: Date},
): DataObject<Application> {
  checkPermitted(app, changes, actor.isAdmin);
  const data: DataObject<Application> = {};
  if (changes.name !== undefined) data.name = changes.name;
  if (changes.redirectUris) {
    data.redirectUris = checkAll(changes.redirectUris, checkRedirectUri);
    if (app.type === 'public' && !data.redirectUris.length) {
      throw new AppError(
        'VALIDATION_FAILED',
        'A public application needs at least one redirect URI.',
      );
    }
  }
  if (changes.disabled !== undefined && changes.disabled !== app.disabled) {
    data.disabled = changes.disabled;
  }
  if (changes.firstParty !== undefined) data.firstParty = changes.firstParty;
  Object.assign(data, originsUpdate(app, changes, actor.now));
  return data;
}

function checkPermitted(
  app: Application,
  changes: ApplicationChanges,
  isAdmin: boolean,
): void {
  if (!isAdmin) {
    const sent = ADMIN_ONLY.filter(field => changes[field] !== undefined);
    if (sent.length) {
      throw new AppError(
        'FORBIDDEN',
        `Only an administrator can set ${sent.join(', ')}.`,
      );
    }
    if (changes.disabled === false && app.disabled) {
      throw new AppError(
        'FORBIDDEN',
        'Only an administrator can enable a disabled application.',
      );
    }
  }
  if (isBuiltInClient(app.id) && changes.firstParty === false) {
    throw new AppError(
      'CONFLICT',
      `The built-in application ${app.id} is always first-party.`,
    );
  }
}

/**
 * Origins count for CORS only once proven (see CorsPolicyService), so a
 * change keeps only the proven origins that are still allowed: an origin
 * added later waits for its own proof, and one removed and added back
 * again does too.
 */
function originsUpdate(
  app: Application,
  changes: ApplicationChanges,
  now: Date,
): DataObject<Application> {
  if (!changes.allowedOrigins && !changes.verifiedOrigins) return {};
  const allowed = changes.allowedOrigins
    ? checkAll(changes.allowedOrigins, checkOrigin)
    : (app.allowedOrigins ?? []);
  if (changes.verifiedOrigins) {
    const verified = checkAll(changes.verifiedOrigins, checkOrigin);
    const stray = verified.find(origin => !allowed.includes(origin));
    if (stray) {
      throw new AppError(
        'INVALID_ORIGIN',
        `origin ${stray}: only an origin in allowedOrigins can be verified`,
      );
    }
    return {
      allowedOrigins: allowed,
      verifiedOrigins: verified,
      originsVerifiedAt: now,
    };
  }
  const kept = (app.verifiedOrigins ?? []).filter(o => allowed.includes(o));
  return {allowedOrigins: allowed, verifiedOrigins: kept};
}
