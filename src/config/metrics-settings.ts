import {AppConfig} from './app-config';
import {parseBoolean} from './env-parsers';

type Read = <T>(name: string, parse: (raw: string) => T, fallback: T) => T;

/**
 * `GET /metrics` (DESIGN §11): on unless METRICS=false; scraped with
 * `Authorization: Bearer <METRICS_TOKEN>`, or by anyone only when the
 * operator says METRICS_PUBLIC=true. With neither, every scrape is refused.
 */
export function readMetricsSettings(
  read: Read,
  problems: string[],
): Pick<AppConfig, 'metrics'> {
  const enabled = read('METRICS', parseBoolean, true);
  const token = read('METRICS_TOKEN', parseMetricsToken, undefined);
  const open = read('METRICS_PUBLIC', parseBoolean, false);
  if (open && token) {
    problems.push('METRICS_PUBLIC and METRICS_TOKEN: set one or the other');
  }
  return {metrics: {enabled, token, public: open}};
}

function parseMetricsToken(raw: string): string {
  if (raw.length < 32 || /\s/.test(raw)) {
    throw new Error(
      'expected 32 or more characters without spaces (e.g. `openssl rand -hex 32`)',
    );
  }
  return raw;
}
