import type { CallRecord } from '../core/call-record.js';
import { escapeMarkdown, inlineCode } from './markdown-text.js';
import { streamTurns, type CallSource } from './reconstruct-turns.js';
import { renderTurnMarkdown } from './render-turn-markdown.js';

/**
 * A session as a Markdown document, written as it is read: one chunk per section of a turn, so a
 * session of any size never sits whole in memory. The title names the session of the first call.
 */
export async function* exportSessionMarkdown(calls: CallSource): AsyncGenerator<string> {
  let sessionId: string | undefined;
  let started = false;
  const watched = eachCall(calls, (call) => (sessionId ??= call.sessionId));
  for await (const turn of streamTurns(watched)) {
    if (!started) {
      started = true;
      yield header(sessionId);
    }
    yield* renderTurnMarkdown(turn);
  }
  if (!started) yield `${header(sessionId)}_No calls recorded._\n`;
}

function header(sessionId: string | undefined): string {
  const name = sessionId === undefined ? 'without an id' : inlineCode(sessionId);
  return `# Session ${name}\n\n${escapeMarkdown('Exported by Luthien. Text from clients, models and tools is escaped; tool inputs and results are in code fences. Images and documents are listed, not included.')}\n\n`;
}

/** The calls one by one (pages flattened), telling `see` about each on the way. */
async function* eachCall(calls: CallSource, see: (call: CallRecord) => void): AsyncGenerator<CallRecord> {
  for await (const item of calls) {
    for (const call of Array.isArray(item) ? (item as readonly CallRecord[]) : [item as CallRecord]) {
      see(call);
      yield call;
    }
  }
}
