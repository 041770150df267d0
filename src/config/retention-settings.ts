import {AppConfig} from './app-config';
import {parseBoolean, parseDuration} from './env-parsers';

type Read = <T>(name: string, parse: (raw: string) => T, fallback: T) => T;

/**
 * How long the retention job (services/tokens/retention.service.ts) keeps
 * rows that no longer matter, in seconds: sessions after they expired or
 * were revoked (SESSION_RETENTION, 30 days) and audit events after they
 * happened (AUDIT_RETENTION, 365 days). RETENTION=false turns the hourly
 * job off, for an operator who runs `npm run retention` from a cron job
 * elsewhere or a host application that wants no background deletes.
 */
export function readRetentionSettings(
  read: Read,
): Pick<AppConfig, 'retention'> {
  const sessions = read('SESSION_RETENTION', parseDuration, 30 * 86_400);
  const audit = read('AUDIT_RETENTION', parseDuration, 365 * 86_400);
  const enabled = read('RETENTION', parseBoolean, true);
  return {retention: {enabled, sessions, audit}};
}
