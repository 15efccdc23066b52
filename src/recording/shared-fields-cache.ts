import type { CallRecord } from '../core/call-record.js';
import type { SharedFields } from './worker-record.js';

/** Sessions remembered; past it the cache starts again (a session met again then makes its fields anew). */
const maxSessions = 256;

/**
 * The `SharedFields` of each session's latest call, so that the next call whose fields are the same
 * shares that object: a batch sends each once, and the main thread serialises none of them per call.
 * Keyed by session, so calls of sessions that interleave (an instance serving a team) share as well as
 * those of one agent. Comparing a handful of short strings costs less than writing them.
 */
export class SharedFieldsCache {
  private readonly bySession = new Map<string, SharedFields>();
  /** The fields given last: most calls follow one of their own session's, and need no lookup. */
  private last: SharedFields | undefined;

  of(record: Pick<CallRecord, 'sessionId' | 'userId' | 'format' | 'backend' | 'model'>, userText: string | undefined, headersJson: string): SharedFields {
    if (this.last !== undefined && same(this.last, record, userText, headersJson)) return this.last;
    const key = record.sessionId ?? '';
    const known = this.bySession.get(key);
    if (known !== undefined && same(known, record, userText, headersJson)) {
      this.last = known;
      return known;
    }
    const fields: SharedFields = { sessionId: record.sessionId, userId: record.userId, format: record.format, backend: record.backend, model: record.model, userText, headersJson };
    if (known === undefined && this.bySession.size >= maxSessions) this.bySession.clear();
    this.bySession.set(key, fields);
    this.last = fields;
    return fields;
  }

  /** Sessions remembered (for tests). */
  get size(): number {
    return this.bySession.size;
  }
}

function same(fields: SharedFields, record: Pick<CallRecord, 'sessionId' | 'userId' | 'format' | 'backend' | 'model'>, userText: string | undefined, headersJson: string): boolean {
  return (
    fields.sessionId === record.sessionId &&
    fields.userId === record.userId &&
    fields.format === record.format &&
    fields.backend === record.backend &&
    fields.model === record.model &&
    fields.userText === userText &&
    fields.headersJson === headersJson
  );
}
