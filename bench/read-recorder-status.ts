import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

/** The recorder's figures as `GET /ready` reports them. */
export interface RecorderFigures {
  readonly enabled: boolean;
  readonly state: string;
  readonly queueDepth: number;
  readonly written: number;
  readonly dropped: number;
  readonly lastError?: string;
}

const READY_TIMEOUT_MS = 5_000;
const DRAIN_POLL_MS = 20;

/** Reads the recorder component of a gateway's `GET /ready`. */
export async function readRecorderStatus(gatewayUrl: string): Promise<RecorderFigures> {
  const response = await request(`${gatewayUrl}/ready`, { headersTimeout: READY_TIMEOUT_MS, bodyTimeout: READY_TIMEOUT_MS });
  const body = (await response.body.json()) as { components?: { recorder?: Record<string, unknown> } };
  const recorder = body.components?.recorder;
  if (recorder === undefined) throw new Error(`${gatewayUrl}/ready (status ${response.statusCode}) has no recorder component: ${JSON.stringify(body)}`);
  // A disabled recorder reports no counts: zero is what it wrote and dropped.
  return {
    enabled: recorder.enabled === true,
    state: String(recorder.state),
    queueDepth: count(recorder.queueDepth),
    written: count(recorder.written),
    dropped: count(recorder.dropped),
    ...(typeof recorder.lastError === 'string' ? { lastError: recorder.lastError } : {}),
  };
}

function count(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/**
 * Waits until the recorder has accounted for `calls` records (written or dropped) and holds none, so
 * its writes do not spill into the next measurement. The pipeline hands a record over once the call
 * has ended, which may be just after the client read its last byte: an empty queue alone is not enough.
 * Bounded: a recorder that does not catch up within `timeoutMs` fails the run with its figures.
 */
export async function waitForRecorderDrain(gatewayUrl: string, calls: number, timeoutMs: number): Promise<RecorderFigures> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await readRecorderStatus(gatewayUrl);
    if (status.queueDepth === 0 && status.written + status.dropped >= calls) return status;
    if (Date.now() > deadline) {
      throw new Error(`the recorder at ${gatewayUrl} did not write ${calls} calls within ${timeoutMs} ms: ${JSON.stringify(status)}`);
    }
    await sleep(DRAIN_POLL_MS);
  }
}
