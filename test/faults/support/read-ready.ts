import { exchange } from '../../integration/support/http-exchange.js';

type State = 'ok' | 'degraded' | 'down';

/** `GET /ready`'s body, as far as the fault tests read it. */
export interface Readiness {
  readonly status: State;
  readonly components: {
    readonly database: { readonly state: State; readonly dialect?: string; readonly error?: string };
    readonly recorder: { readonly state: State; readonly enabled: boolean; readonly queueDepth?: number; readonly dropped?: number; readonly written?: number; readonly lastError?: string };
    readonly events: { readonly state: State; readonly kind: 'local' | 'redis'; readonly dropped: number; readonly lastError?: string };
    readonly upstreams: { readonly state: State };
  };
}

/** Asks `/ready`; the HTTP status and the parsed body. */
export async function readReady(baseUrl: string): Promise<{ readonly httpStatus: number; readonly body: Readiness }> {
  const answer = await exchange(baseUrl, '/ready');
  return { httpStatus: answer.status, body: JSON.parse(answer.text) as Readiness };
}

/** Polls `/ready` until `accept` holds for it; returns that answer (for `waitFor`). */
export function readyWhen(baseUrl: string, accept: (ready: { readonly httpStatus: number; readonly body: Readiness }) => boolean) {
  return async () => {
    const ready = await readReady(baseUrl);
    return accept(ready) ? ready : undefined;
  };
}
