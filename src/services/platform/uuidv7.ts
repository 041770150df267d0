import {randomFillSync} from 'node:crypto';

/** Ids made by one generator: `now` defaults to the real time. */
export type UuidV7Generator = (now?: number) => string;

/** Bits of the counter (RFC 9562 §6.2 method 1): rand_a and 30 of rand_b. */
const COUNTER_BITS = 42;
const COUNTER_LIMIT = 2 ** COUNTER_BITS;

/**
 * A generator of time-ordered UUIDs (RFC 9562 §5.7, version 7): a 48-bit
 * Unix time in milliseconds, then a 42-bit counter (§6.2 method 1) and 32
 * random bits. The counter starts at a random value below half its range
 * each millisecond and counts up within it, so the ids one generator makes
 * sort, as strings, in the order they were made; should it ever run out,
 * or the clock step back, the timestamp is carried forward rather than
 * reused (§6.2: monotonicity over exact time).
 *
 * Why: rows keyed by such ids are appended at the right edge of the primary
 * key's btree instead of on a random page of it, which is what made every
 * sign-in write a full page of WAL on a large table (issue 14).
 */
export function uuidV7Generator(): UuidV7Generator {
  let lastMs = -1;
  let counter = 0;
  const random = Buffer.alloc(10);
  return (now = Date.now()) => {
    randomFillSync(random);
    if (now > lastMs) {
      lastMs = now;
      // 41 random bits: at least 2^41 more ids fit in this millisecond.
      counter = random.readUIntBE(4, 6) % 2 ** (COUNTER_BITS - 1);
    } else if (++counter >= COUNTER_LIMIT) {
      lastMs += 1;
      counter = 0;
    }
    return format(lastMs, counter, random.readUInt32BE(0));
  };
}

/** The process's generator, for every id the service makes. */
export const uuidv7: UuidV7Generator = uuidV7Generator();

/** The 16 bytes in the 8-4-4-4-12 form, version 7 and variant 10 set. */
function format(ms: number, counter: number, tail: number): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(ms % 2 ** 48, 0, 6);
  const high = Math.floor(counter / 2 ** 30); // 12 bits: rand_a
  const low = counter % 2 ** 30; // 30 bits: the top of rand_b
  bytes.writeUInt16BE(0x7000 | high, 6);
  bytes.writeUInt32BE((0x80000000 | low) >>> 0, 8);
  bytes.writeUInt32BE(tail, 12);
  const hex = bytes.toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}
