import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ProxyError } from '../../../core/proxy-error.js';
import { activityEventTypes, type ActivityEventType, type ActivityFilter } from '../../../events/activity-event.js';
import type { EventBus } from '../../../events/event-bus.js';
import { replyWithAdminError } from '../../admin-auth.js';

const querySchema = z.strictObject({
  session: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  call: z.string().min(1).optional(),
  /** Comma-separated event types, e.g. `call.completed,call.error`. */
  types: z.string().min(1).optional(),
});

export interface ActivityStreamOptions {
  /** A comment line this often keeps proxies and browsers from closing an idle stream. */
  readonly heartbeatMs: number;
  /** A watcher this far behind is cut off rather than buffered without end. */
  readonly maxBufferedBytes: number;
}

/**
 * `GET /api/activity/stream` (registered under the `/api` prefix): every instance's activity events, live, as server-sent events
 * (`event: <type>`, `data: <json>`), optionally filtered by session, user, call or type. Listeners run
 * inside `publish` on the request path, so this only formats and writes, and never waits.
 */
export function activityStreamRoute(app: FastifyInstance, events: EventBus, options: ActivityStreamOptions): void {
  app.get('/activity/stream', (request, reply) => {
    const query = querySchema.safeParse(request.query);
    if (!query.success) return replyWithAdminError(reply, new ProxyError('LUTHIEN_INVALID_REQUEST', query.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ')));
    const types = query.data.types?.split(',').map((type) => type.trim());
    const unknown = types?.filter((type) => !(activityEventTypes as readonly string[]).includes(type)) ?? [];
    if (unknown.length > 0) return replyWithAdminError(reply, new ProxyError('LUTHIEN_INVALID_REQUEST', `types: unknown event type ${unknown.join(', ')} (known: ${activityEventTypes.join(', ')})`));
    const filter: ActivityFilter = {
      ...(query.data.session === undefined ? {} : { sessionId: query.data.session }),
      ...(query.data.user === undefined ? {} : { userId: query.data.user }),
      ...(query.data.call === undefined ? {} : { callId: query.data.call }),
      ...(types === undefined ? {} : { types: types as ActivityEventType[] }),
    };

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      'x-luthien-call-id': request.id,
    });
    res.write(`: connected to ${events.instance}\n\n`);
    const unsubscribe = events.subscribe((event) => {
      if (res.writableLength > options.maxBufferedBytes) {
        res.destroy();
        return;
      }
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }, filter);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), options.heartbeatMs);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    return reply;
  });
}
