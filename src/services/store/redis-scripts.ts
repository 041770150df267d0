import type {Redis} from 'ioredis';

/**
 * INCR and PEXPIRE in one step, so a counter can never be left without a
 * TTL (and so live forever) when the connection drops between the two.
 * The TTL is set only while the key has none, i.e. when INCR created it.
 */
const INCREMENT_LUA = `
local count = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count`;

/**
 * SETs every key (KEYS[2..]) with its value and PX TTL (ARGV pairs after the
 * guard's value) only while KEYS[1] holds ARGV[1]. A script runs atomically:
 * a FLUSHALL or restart lands before or after all of it, never between.
 */
const SET_ALL_WHILE_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2 * i - 2], 'PX', ARGV[2 * i - 1])
end
return 1`;

/** A connection with the store's scripts defined as commands. */
export type ScriptedRedis = Redis & {
  storeIncrement(key: string, ttlMs: number): Promise<number>;
  storeSetAllWhile(
    numberOfKeys: number,
    ...keysThenArgs: (string | number)[]
  ): Promise<number>;
};

/** Defines the store's scripts on `redis` (sent by SHA, loaded on demand). */
export function withStoreScripts(redis: Redis): ScriptedRedis {
  redis.defineCommand('storeIncrement', {numberOfKeys: 1, lua: INCREMENT_LUA});
  // No fixed key count: the caller passes it first.
  redis.defineCommand('storeSetAllWhile', {lua: SET_ALL_WHILE_LUA});
  return redis as ScriptedRedis;
}
