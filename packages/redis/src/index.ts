export { LuaScript, type RedisClient } from './lua-script.js';
export {
  type RedisRateLimiter,
  type RedisRateLimiterOptions,
  type RedisRelease,
  redisRateLimiter,
} from './redis-rate-limiter.js';
