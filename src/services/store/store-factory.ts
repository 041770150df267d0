import {AppConfig} from '../../config';
import {Clock} from '../platform/clock';
import {EphemeralStore} from './ephemeral-store';
import {createLogger, Logger} from '../platform/logger';
import {MemoryStore} from './memory-store';
import {RedisStore} from './redis-store';

/**
 * The store DESIGN §1 asks for: Redis when REDIS_URL is set (shared by every
 * node), otherwise in-process. `clock` drives only the memory store; Redis
 * expires entries on its own clock. `logger` receives Redis connection
 * errors and defaults to one at the configured level.
 */
export function createEphemeralStore(
  config: AppConfig,
  clock: Clock,
  logger: Logger = createLogger(config.logLevel),
): EphemeralStore {
  if (config.redisUrl) return new RedisStore(config.redisUrl, {logger});
  return new MemoryStore(clock);
}
