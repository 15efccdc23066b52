import type { Config } from '../config/load-config.js';
import type { Logger } from '../observability/logger.js';
import type { EventBus } from './event-bus.js';
import { LocalEventBus } from './local-event-bus.js';
import { RedisEventBus } from './redis-event-bus.js';

/** Redis pub/sub when `REDIS_URL` is set, so instances share their activity; in-process otherwise. */
export function createEventBus(config: Pick<Config, 'REDIS_URL'>, logger?: Logger): EventBus {
  if (config.REDIS_URL === undefined) return new LocalEventBus();
  return new RedisEventBus({ url: config.REDIS_URL, ...(logger === undefined ? {} : { logger }) });
}
