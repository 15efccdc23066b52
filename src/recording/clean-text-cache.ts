import { TextLru } from './text-lru.js';

/**
 * Texts known to hold no secret, so redaction can skip scanning them again: clients re-send the same
 * system prompt, tool definitions and history on every call of a session (Claude Code re-sends the
 * whole conversation each turn), and scanning those characters was most of what redaction cost. A
 * lookup hashes the text once, several times cheaper than the fragment scans it replaces; for the short
 * strings that fill a request's JSON (types, roles, names) it also saves the scans' cost per call, and
 * their hash is usually computed already (JSON.parse interns short strings).
 *
 * Only texts that redaction left unchanged are kept, so the cache never holds a secret; it is bounded
 * by characters and drops the least recently used first.
 */
export class CleanTextCache {
  readonly #texts: TextLru<true>;

  /**
   * @param minLength shorter texts are not kept.
   * @param maxChars the bound on what is kept, in characters (UTF-16 units: at most twice that in bytes).
   * @param maxEntries the bound on how many texts are kept (each costs a set entry besides its characters).
   */
  constructor(minLength: number, maxChars: number, maxEntries = Number.POSITIVE_INFINITY) {
    this.#texts = new TextLru(minLength, maxChars, maxEntries);
  }

  get minLength(): number {
    return this.#texts.minLength;
  }

  /** True when `text` was added and is still kept; it becomes the most recently used. */
  has(text: string): boolean {
    return this.#texts.get(text) === true;
  }

  /** Remembers a text redaction left unchanged (ignored when too short, or longer than a quarter of the bound). */
  add(text: string): void {
    this.#texts.set(text, true);
  }

  get size(): number {
    return this.#texts.size;
  }

  get chars(): number {
    return this.#texts.chars;
  }
}
