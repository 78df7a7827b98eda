export { type BullmqQueue, type BullmqQueueOptions, bullmqQueue } from './bullmq-queue.js';
export { LuaScript, type RedisClient } from './lua-script.js';
export { type RedisCircuitStoreOptions, redisCircuitStore } from './redis-circuit-store.js';
export {
  type RedisInboxStore,
  type RedisInboxStoreOptions,
  redisInboxStore,
} from './redis-inbox-store.js';
export {
  type RedisRateLimiter,
  type RedisRateLimiterOptions,
  type RedisRelease,
  redisRateLimiter,
} from './redis-rate-limiter.js';
export { type RedisTokenStoreOptions, redisTokenStore } from './redis-token-store.js';
