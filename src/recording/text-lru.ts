/**
 * A map keyed by texts, bounded by their characters and their number, the least recently used dropped
 * first: what the recorder keeps about texts clients send again and again (a session's system prompt,
 * tools and history), so that they are not scanned or digested again.
 */
export class TextLru<V> {
  readonly #entries = new Map<string, V>();
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

  /** The value kept for `text`, which becomes the most recently used; undefined when not kept. */
  get(text: string): V | undefined {
    const value = this.#entries.get(text);
    if (value === undefined) return undefined;
    this.#entries.delete(text);
    this.#entries.set(text, value);
    return value;
  }

  /** Keeps `text` (ignored when too short, or longer than a quarter of the bound). */
  set(text: string, value: V): void {
    if (text.length < this.minLength || text.length > this.maxChars / 4 || this.#entries.has(text)) return;
    this.#entries.set(text, value);
    this.#chars += text.length;
    for (const oldest of this.#entries.keys()) {
      if (this.#chars <= this.maxChars && this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
      this.#chars -= oldest.length;
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  get chars(): number {
    return this.#chars;
  }
}
