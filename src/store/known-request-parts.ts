/** Most parts remembered; past it the memory starts over (it is only a shortcut past a lookup). */
const maxKnown = 100_000;

/**
 * The request parts a SQLite writer has seen stored, per session, so that a call re-sending its
 * history costs a lookup in memory per part rather than a query. Trusted only while nothing deleted
 * parts: deletions move the database's `request_parts_epoch` on (sweep-request-parts.ts), and a
 * writer that finds it moved forgets everything. Parts added during a transaction count as stored
 * only once it commits.
 */
export class KnownRequestParts {
  // By session, then digest: a lookup hashes the two strings it is given, whose hashes V8 keeps once
  // computed, where a key made of both was a new string to flatten and hash for every part of every call.
  readonly #stored = new Map<string, Set<string>>();
  readonly #pending = new Map<string, Set<string>>();
  #storedCount = 0;
  #epoch: number | undefined;

  /** At the start of a write transaction, with the epoch read inside it. */
  begin(epoch: number): void {
    this.#pending.clear();
    if (epoch !== this.#epoch) this.#forget();
    this.#epoch = epoch;
  }

  has(sessionId: string, hash: string): boolean {
    return this.#stored.get(sessionId)?.has(hash) === true || this.#pending.get(sessionId)?.has(hash) === true;
  }

  /** Stored, or found stored, by the transaction in progress. */
  add(sessionId: string, hash: string): void {
    let hashes = this.#pending.get(sessionId);
    if (hashes === undefined) this.#pending.set(sessionId, (hashes = new Set()));
    hashes.add(hash);
  }

  commit(): void {
    let pending = 0;
    for (const hashes of this.#pending.values()) pending += hashes.size;
    if (this.#storedCount + pending > maxKnown) this.#forget();
    for (const [sessionId, hashes] of this.#pending) {
      let stored = this.#stored.get(sessionId);
      if (stored === undefined) this.#stored.set(sessionId, (stored = new Set()));
      for (const hash of hashes) {
        if (stored.has(hash)) continue;
        stored.add(hash);
        this.#storedCount += 1;
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
