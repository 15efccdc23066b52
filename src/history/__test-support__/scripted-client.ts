import type { CallRecord, RecordedBlock } from '../../core/call-record.js';
import type { JsonObject } from '../../core/json.js';
import { anthropicCall, assistantMessage, withTools } from './call-record.js';

/** A client that resends its whole history with every call, as Claude Code does; its calls are records. */
export class ScriptedClient {
  readonly history: JsonObject[] = [];

  constructor(private readonly extra: JsonObject = withTools) {}

  /** Sends `content` as the next user message, with the history before it; the answer joins the history. */
  say(content: string | readonly JsonObject[], answer: readonly RecordedBlock[], overrides: Partial<CallRecord> = {}): CallRecord {
    this.history.push({ role: 'user', content });
    const call = anthropicCall([...this.history], answer, overrides, this.extra);
    if (answer.length > 0) this.history.push(assistantMessage(answer));
    return call;
  }
}
