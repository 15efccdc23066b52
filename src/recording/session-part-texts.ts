/**
 * The parts each recent session sent last, by where they sat in its request (`messages` element 3,
 * `system`, …), with their digests: an agent re-sends its history every call, mostly unchanged and in
 * the same places, so a part is recognised by comparing its text with the one in its place last time,
 * which is a `memcmp`. Looking it up by its text instead (in a map) hashed every character first, and
 * digesting it again costs as much: either was some 15 µs for the bench's 8.5 KB request.
 *
 * Only texts that redaction leaves alone are kept, so this never holds a secret; each is kept as a copy
 * of its own, never as a slice of the request, which would keep the whole request alive. Bounded by
 * characters (UTF-16 units) and by sessions, the least recently used session dropped first.
 */
export class SessionPartTexts {
  readonly #sessions = new Map<string, Map<string, PartText>>();
  #chars = 0;

  constructor(
    readonly maxChars: number,
    readonly maxSessions: number,
  ) {}

  /** The places of `session`, which becomes the most recently used session. */
  of(session: string): SessionPlaces {
    let places = this.#sessions.get(session);
    if (places === undefined) places = new Map();
    else this.#sessions.delete(session);
    this.#sessions.set(session, places);
    this.#trim(places);
    return {
      digestOf: (place, text) => {
        const kept = places.get(place);
        return kept !== undefined && kept.text === text ? kept.digest : undefined;
      },
      remember: (place, text, digest) => {
        const before = places.get(place)?.text.length ?? 0;
        // structuredClone copies the characters into a string of their own (a slice keeps its whole request).
        const own = structuredClone(text);
        places.set(place, { text: own, digest });
        this.#chars += own.length - before;
        this.#trim(places);
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
  #trim(current: Map<string, PartText>): void {
    for (const [session, oldest] of this.#sessions) {
      if (this.#chars <= this.maxChars && this.#sessions.size <= this.maxSessions) return;
      for (const kept of oldest.values()) this.#chars -= kept.text.length;
      if (oldest === current) {
        // Over the bound on its own: it keeps nothing rather than push every other session out again.
        oldest.clear();
        return;
      }
      this.#sessions.delete(session);
    }
  }
}

interface PartText {
  readonly text: string;
  readonly digest: string;
}

/** One session's places: what it last sent at each. */
export interface SessionPlaces {
  /** The digest of `text` when it is what the session last sent at `place`, else undefined. */
  digestOf(place: string, text: string): string | undefined;
  /** Keeps `text`, found clean, as what the session sent at `place`. */
  remember(place: string, text: string, digest: string): void;
}
