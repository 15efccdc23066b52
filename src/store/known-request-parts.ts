/** Most parts remembered; past it the memory starts over (it is only a shortcut past a lookup). */
const maxKnown = 100_000;

/**
 * The request parts a SQLite writer has seen stored, per session, with their numbers in it, so that a
 * call re-sending its history costs a lookup in memory per part rather than a query. Trusted only while nothing deleted
 * parts: deletions move the database's `request_parts_epoch` on (sweep-request-parts.ts), and a
 * writer that finds it moved forgets everything. Parts added during a transaction count as stored
 * only once it commits.
 */
export class KnownRequestParts {
  // By session, then digest: a lookup hashes the two strings it is given, whose hashes V8 keeps once
  // computed, where a key made of both was a new string to flatten and hash for every part of every call.
  readonly #stored = new Map<string, Map<string, number>>();
  readonly #pending = new Map<string, Map<string, number>>();
  #storedCount = 0;
  #epoch: number | undefined;

  /** At the start of a write transaction, with the epoch read inside it. */
  begin(epoch: number): void {
    this.#pending.clear();
    if (epoch !== this.#epoch) this.#forget();
    this.#epoch = epoch;
  }

  /** The part's number in its session, when it is known to be stored. */
  numberOf(sessionId: string, hash: string): number | undefined {
    return this.#stored.get(sessionId)?.get(hash) ?? this.#pending.get(sessionId)?.get(hash);
  }

  /** Stored, or found stored, by the transaction in progress, as part `number` of its session. */
  add(sessionId: string, hash: string, number: number): void {
    let hashes = this.#pending.get(sessionId);
    if (hashes === undefined) this.#pending.set(sessionId, (hashes = new Map<string, number>()));
    hashes.set(hash, number);
  }

  commit(): void {
    let pending = 0;
    for (const hashes of this.#pending.values()) pending += hashes.size;
    if (this.#storedCount + pending > maxKnown) this.#forget();
    for (const [sessionId, hashes] of this.#pending) {
      let stored = this.#stored.get(sessionId);
      if (stored === undefined) this.#stored.set(sessionId, (stored = new Map<string, number>()));
      for (const [hash, number] of hashes) {
        if (!stored.has(hash)) this.#storedCount += 1;
        stored.set(hash, number);
      }
    }
    this.#pending.clear();
  }

  rollback(): void {
    this.#pending.clear();
  }

  get size(): number {
    return this.#storedCount;
  }

  #forget(): void {
    this.#stored.clear();
    this.#storedCount = 0;
  }
}
