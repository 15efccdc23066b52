/**
 * What the gateway has seen of each backend, from the calls themselves (no probes: a probe would spend
 * the operator's tokens and could not see what a real call sees). A backend is `down` after
 * `downAfter` consecutive calls could not reach it, until one succeeds.
 */
export class UpstreamHealth {
  private readonly backends = new Map<string, { consecutiveFailures: number; lastError?: string; lastOkAt?: number }>();

  constructor(
    readonly names: readonly string[],
    private readonly downAfter = 3,
  ) {
    for (const name of names) this.backends.set(name, { consecutiveFailures: 0 });
  }

  reached(name: string): void {
    this.backends.set(name, { consecutiveFailures: 0, lastOkAt: Date.now() });
  }

  unreachable(name: string, error: string): void {
    const entry = this.backends.get(name) ?? { consecutiveFailures: 0 };
    this.backends.set(name, { ...entry, consecutiveFailures: entry.consecutiveFailures + 1, lastError: error });
  }

  status(): { readonly name: string; readonly state: 'ok' | 'degraded' | 'down'; readonly lastError?: string }[] {
    return [...this.backends].map(([name, entry]) => ({
      name,
      state: entry.consecutiveFailures >= this.downAfter ? 'down' : entry.consecutiveFailures > 0 ? 'degraded' : 'ok',
      ...(entry.lastError === undefined ? {} : { lastError: entry.lastError }),
    }));
  }
}
