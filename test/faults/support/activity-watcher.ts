import { request } from 'undici';
import type { ActivityEvent } from '../../../src/events/activity-event.js';
import { waitFor } from '../../integration/support/wait-for.js';

export interface ActivityWatcher {
  /** The instance id of the gateway watched, from the stream's first comment line. */
  readonly instance: string;
  /** Every event received, in order. */
  readonly events: ActivityEvent[];
  /** The events of one call, in order. */
  of(callId: string): ActivityEvent[];
  close(): Promise<void>;
}

/** Subscribes to `GET /api/activity/stream` of the gateway at `baseUrl` and collects its events until closed. */
export async function watchActivity(baseUrl: string, adminKey: string): Promise<ActivityWatcher> {
  const controller = new AbortController();
  const response = await request(`${baseUrl}/api/activity/stream`, { headers: { authorization: `Bearer ${adminKey}` }, signal: controller.signal });
  if (response.statusCode !== 200) throw new Error(`activity stream answered ${response.statusCode}: ${await response.body.text()}`);
  const events: ActivityEvent[] = [];
  let buffer = '';
  let instance: string | undefined;
  response.body.setEncoding('utf8');
  response.body.on('data', (chunk: string) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      instance ??= /^: connected to (\S+)$/.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data !== undefined) events.push(JSON.parse(data) as ActivityEvent);
    }
  });
  // Closing aborts the body: that error is the expected end.
  response.body.on('error', () => undefined);
  let known: string;
  try {
    known = await waitFor(() => instance, 5_000, `the activity stream of ${baseUrl} to say which instance it is`);
  } catch (error) {
    controller.abort();
    throw error;
  }
  return {
    instance: known,
    events,
    of: (callId) => events.filter((event) => event.callId === callId),
    close() {
      controller.abort();
      return Promise.resolve();
    },
  };
}
