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
  readonly #stored = new Set<string>();
  readonly #pending = new Set<string>();
  #epoch: number | undefined;

  /** At the start of a write transaction, with the epoch read inside it. */
  begin(epoch: number): void {
    this.#pending.clear();
    if (epoch !== this.#epoch) this.#stored.clear();
    this.#epoch = epoch;
  }

  has(sessionId: string, hash: string): boolean {
    const key = keyOf(sessionId, hash);
    return this.#stored.has(key) || this.#pending.has(key);
  }

  /** Stored, or found stored, by the transaction in progress. */
  add(sessionId: string, hash: string): void {
    this.#pending.add(keyOf(sessionId, hash));
  }

  commit(): void {
    if (this.#stored.size + this.#pending.size > maxKnown) this.#stored.clear();
    for (const key of this.#pending) this.#stored.add(key);
    this.#pending.clear();
  }

  rollback(): void {
    this.#pending.clear();
  }

  get size(): number {
    return this.#stored.size;
  }
}

/** The digest has a fixed length, so digest then session id is unambiguous. */
function keyOf(sessionId: string, hash: string): string {
  return hash + sessionId;
}
