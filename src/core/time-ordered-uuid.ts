import { randomUUID } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562): the milliseconds since the epoch first, then a counter within the
 * millisecond, then 62 random bits. Each one sorts after the one before in this process, so an index
 * on them (the store's on call ids) grows at its end instead of touching a random page per insert.
 * The random bits come from `randomUUID`, which draws them from a pool: asking the system for 16
 * random bytes per id costs a system call each time.
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    // Over 4 096 ids in one millisecond: borrow the next one, to stay in order.
    lastMs++;
    sequence = 0;
  }
  const time = lastMs.toString(16).padStart(12, '0');
  // From `randomUUID`'s `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx`: the variant and random bits after the version's group.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, '0')}${randomUUID().slice(18)}`;
}
