export interface VerdictCacheOptions {
  /** Most verdicts kept; the least recently used goes first. */
  readonly maxEntries: number;
  /** How long a verdict is reused. */
  readonly ttlMs: number;
  readonly now?: () => number;
}

interface Entry<T> {
  readonly value: Promise<T>;
  readonly expiresAt: number;
}

/**
 * Verdicts by key (session, judge configuration, the exact case), so an agent that repeats a tool call
 * in a session is not judged twice. A verdict being computed is shared too: identical calls in one
 * response cost one judge call. Failures are not kept: the next identical call asks again.
 */
export class VerdictCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;

  constructor(private readonly options: VerdictCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The cached verdict for `key`, or the one `compute` gives (then cached); `hit` says which. */
  async get(key: string, compute: () => Promise<T>): Promise<{ readonly value: T; readonly hit: boolean }> {
    const found = this.entries.get(key);
    if (found !== undefined && found.expiresAt > this.now()) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, found);
      return { value: await found.value, hit: true };
    }
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    try {
      return { value: await value, hit: false };
    } catch (error) {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
      throw error;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** JSON with object keys sorted, so inputs that differ only in key order are the same case. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
