import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ProxyError } from '../../../core/proxy-error.js';
import { diffCall } from '../../../history/diff-call.js';
import { exportSessionJsonl } from '../../../history/export-session-jsonl.js';
import { exportSessionMarkdown } from '../../../history/export-session-markdown.js';
import { reconstructTurns } from '../../../history/reconstruct-turns.js';
import { getCall } from '../../../store/get-call.js';
import { getSessionCalls } from '../../../store/get-session-calls.js';
import { InvalidCursorError } from '../../../store/invalid-cursor-error.js';
import { listSessions } from '../../../store/list-sessions.js';
import type { Store } from '../../../store/store.js';
import { streamSessionCalls } from '../../../store/stream-session-calls.js';
import { replyWithAdminError } from '../../admin-auth.js';

/** A time as epoch milliseconds or an ISO 8601 date. */
const time = z.union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)), z.iso.date().transform((text) => Date.parse(text))]);

const sessionsQuery = z.strictObject({
  user: z.string().min(1).optional(),
  from: time.optional(),
  to: time.optional(),
  model: z.string().min(1).optional(),
  interventions: z.enum(['true', 'false']).optional(),
  q: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
});

const exportQuery = z.strictObject({ format: z.enum(['markdown', 'jsonl']).default('markdown') });

function invalid(issues: readonly z.core.$ZodIssue[]): ProxyError {
  return new ProxyError('LUTHIEN_INVALID_REQUEST', issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '));
}

/**
 * The history API (under `/api`, admin key required): sessions list with filters and full-text search,
 * a session as turns, one call with its diffs, and a session export that streams page by page.
 */
export function historyRoutes(app: FastifyInstance, store: Store): void {
  app.get('/sessions', async (request, reply) => {
    const query = sessionsQuery.safeParse(request.query);
    if (!query.success) return replyWithAdminError(reply, invalid(query.error.issues));
    const { user, from, to, model, interventions, q, limit, cursor } = query.data;
    try {
      return await listSessions(store, {
        limit,
        ...(user === undefined ? {} : { userId: user }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(model === undefined ? {} : { model }),
        ...(interventions === undefined ? {} : { withInterventions: interventions === 'true' }),
        ...(q === undefined ? {} : { search: q }),
        ...(cursor === undefined ? {} : { cursor }),
      });
    } catch (error) {
      if (error instanceof InvalidCursorError) return replyWithAdminError(reply, new ProxyError('LUTHIEN_INVALID_REQUEST', error.message));
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>('/sessions/:id', async (request, reply) => {
    const calls = await getSessionCalls(store, request.params.id);
    if (calls.length === 0) return replyWithAdminError(reply, new ProxyError('LUTHIEN_NOT_FOUND', `session ${request.params.id}`));
    return { sessionId: request.params.id, calls: calls.length, turns: reconstructTurns(calls) };
  });

  app.get<{ Params: { id: string } }>('/sessions/:id/export', async (request, reply) => {
    const query = exportQuery.safeParse(request.query);
    if (!query.success) return replyWithAdminError(reply, invalid(query.error.issues));
    const id = request.params.id;
    const calls = streamSessionCalls(store, id);
    // The first call is read before answering, so an unknown session is a 404 rather than an empty 200.
    const first = await calls.next();
    if (first.done === true) return replyWithAdminError(reply, new ProxyError('LUTHIEN_NOT_FOUND', `session ${id}`));
    const markdown = query.data.format === 'markdown';
    const chunks = (markdown ? exportSessionMarkdown : exportSessionJsonl)(prepend(first.value, calls));
    const fileName = `luthien-session-${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${markdown ? 'md' : 'jsonl'}`;
    return reply
      .header('content-type', markdown ? 'text/markdown; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(Readable.from(chunks));
  });

  app.get<{ Params: { id: string } }>('/calls/:id', async (request, reply) => {
    const call = await getCall(store, request.params.id);
    if (call === undefined) return replyWithAdminError(reply, new ProxyError('LUTHIEN_NOT_FOUND', `call ${request.params.id}`));
    return { call, diff: diffCall(call) };
  });
}

async function* prepend<T>(first: T, rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield first;
  yield* rest;
}
