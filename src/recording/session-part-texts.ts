/**
 * The parts each recent session sent last, by where they sat in its request (`messages` element 3,
 * `system`, …), with their digests: an agent re-sends its history every call, mostly unchanged and in
 * the same places, so a part is recognised by comparing its text with the one in its place last time,
 * which is a `memcmp` (and the scan of the request skips it: json-member-spans.ts). Looking it up by
 * its text instead (in a map) hashed every character first, and digesting it again costs as much:
 * either was some 15 µs for the bench's 8.5 KB request.
 *
 * Only texts that redaction leaves alone are kept, so this never holds a secret; each is kept as a copy
 * of its own, never as a slice of the request, which would keep the whole request alive. Bounded by
 * characters (UTF-16 units) and by sessions, the least recently used session dropped first.
 */
export class SessionPartTexts {
  readonly #sessions = new Map<string, Places>();
  #chars = 0;

  constructor(
    readonly maxChars: number,
    readonly maxSessions: number,
  ) {}

  /** The places of `session`, which becomes the most recently used session. */
  of(session: string): SessionPlaces {
    let places = this.#sessions.get(session);
    if (places === undefined) places = new Places();
    else this.#sessions.delete(session);
    this.#sessions.set(session, places);
    this.#trim(places);
    const kept = places;
    return {
      at: (key, index) => kept.at(key, index),
      remember: (key, index, text, digest) => {
        // structuredClone copies the characters into a string of their own (a slice keeps its whole request).
        const before = kept.chars;
        kept.set(key, index, { text: structuredClone(text), digest });
        this.#chars += kept.chars - before;
        this.#trim(kept);
      },
    };
  }

  get chars(): number {
    return this.#chars;
  }

  get sessions(): number {
    return this.#sessions.size;
  }

  /** Drops the least recently used sessions while over a bound; `current` (the most recent) only last. */
  #trim(current: Places): void {
    for (const [session, oldest] of this.#sessions) {
      if (this.#chars <= this.maxChars && this.#sessions.size <= this.maxSessions) return;
      this.#chars -= oldest.chars;
      if (oldest === current) {
        // Over the bound on its own: it keeps nothing rather than push every other session out again.
        oldest.clear();
        return;
      }
      this.#sessions.delete(session);
    }
  }
}

/** A part's text as a session last sent it at a place, and its digest. */
export interface PartText {
  readonly text: string;
  readonly digest: string;
}

/** One session's places: what it last sent at each. */
export interface SessionPlaces {
  /** What the session last sent at the place: the value of `key`, or its element `index`. */
  at(key: string, index: number | null): PartText | undefined;
  /** Keeps `text`, found clean, as what the session sent at the place. */
  remember(key: string, index: number | null, text: string, digest: string): void;
}

/** A session's part texts by key, then by element (no string made per place to look one up). */
class Places {
  readonly #values = new Map<string, PartText>();
  readonly #elements = new Map<string, (PartText | undefined)[]>();
  chars = 0;

  at(key: string, index: number | null): PartText | undefined {
    return index === null ? this.#values.get(key) : this.#elements.get(key)?.[index];
  }

  /** Keeps `part` at the place, in place of what was there. */
  set(key: string, index: number | null, part: PartText): void {
    let before: PartText | undefined;
    if (index === null) {
      before = this.#values.get(key);
      this.#values.set(key, part);
    } else {
      let elements = this.#elements.get(key);
      if (elements === undefined) this.#elements.set(key, (elements = []));
      before = elements[index];
      // Filled in order (a request's parts come first to last), so the array stays dense.
      while (elements.length < index) elements.push(undefined);
      elements[index] = part;
    }
    this.chars += part.text.length - (before?.text.length ?? 0);
  }

  clear(): void {
    this.#values.clear();
    this.#elements.clear();
    this.chars = 0;
  }
}
