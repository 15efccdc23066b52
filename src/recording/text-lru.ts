/**
 * A map keyed by texts, bounded by their characters and their number, the least recently used dropped
 * first: what the recorder keeps about texts clients send again and again (a session's system prompt,
 * tools and history), so that they are not scanned or digested again.
 *
 * Recency is kept the "second chance" way: a lookup only marks its entry used, and a used entry about
 * to be dropped goes to the back once instead. Moving an entry on every lookup (delete, then set) cost
 * more than the lookups it served: for the texts of one request, some 25 µs against under 1.
 */
export class TextLru<V> {
  readonly #entries = new Map<string, { readonly value: V; used: boolean }>();
  #chars = 0;

  /**
   * @param minLength shorter texts are not kept.
   * @param maxChars the bound on what is kept, in characters (UTF-16 units: at most twice that in bytes).
   * @param maxEntries the bound on how many texts are kept (each costs a map entry besides its characters).
   */
  constructor(
    readonly minLength: number,
    readonly maxChars: number,
    readonly maxEntries = Number.POSITIVE_INFINITY,
  ) {}

  /** The value kept for `text`, which counts as used; undefined when not kept. */
  get(text: string): V | undefined {
    const entry = this.#entries.get(text);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  /** Keeps `text` (ignored when too short, or longer than a quarter of the bound). */
  set(text: string, value: V): void {
    if (text.length < this.minLength || text.length > this.maxChars / 4 || this.#entries.has(text)) return;
    this.#entries.set(text, { value, used: false });
    this.#chars += text.length;
    // Oldest first; a used entry is moved to the back unused, so the loop ends within two rounds.
    for (const [oldest, entry] of this.#entries) {
      if (this.#chars <= this.maxChars && this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
      if (entry.used) {
        entry.used = false;
        this.#entries.set(oldest, entry);
      } else {
        this.#chars -= oldest.length;
      }
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  get chars(): number {
    return this.#chars;
  }
}
