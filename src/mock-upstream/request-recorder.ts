import type { IncomingHttpHeaders } from 'node:http';

/** A request as the mock saw it, for tests asserting what the proxy actually forwarded. */
export interface RecordedRequest {
  readonly method: string;
  /** Path including the query string, exactly as sent. */
  readonly path: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

// Bounded so a long benchmark run with recording left on cannot grow memory without limit.
const MAX_RECORDED = 1000;

export class RequestRecorder {
  /** Live array: mutated in place so references held by tests stay current. */
  readonly requests: RecordedRequest[] = [];

  constructor(private readonly enabled: boolean) {}

  record(method: string, path: string, headers: IncomingHttpHeaders, body: string): void {
    if (!this.enabled) return;
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      flat[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    this.requests.push({ method, path, headers: flat, body });
    if (this.requests.length > MAX_RECORDED) this.requests.shift();
  }

  clear(): number {
    const count = this.requests.length;
    this.requests.length = 0;
    return count;
  }
}
