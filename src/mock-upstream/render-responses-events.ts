import { DELTAS_BEFORE_FAILURE } from './deltas-before-failure.js';
import { openaiErrorObject } from './openai-error-json.js';
import type { OpenAIStreamScript } from './openai-stream-script.js';
import { outputItemAdded, outputItemDone, outputTextPart, summaryPart } from './responses-output-item.js';
import type { ResponsesItem, ResponsesReply } from './responses-reply.js';
import { finishedResponseObject, responsesResponseObject } from './responses-response-object.js';

export interface ResponsesEventOptions {
  /** Add an event type no client has heard of, to prove unknown events pass through. */
  readonly unknownEvent: boolean;
  readonly script: OpenAIStreamScript;
}

/** Emits a delta; answers false once the delta budget is spent, so rendering stops mid-item. */
type PushDelta = (type: string, fields: object) => boolean;

// A retryable server failure, as the API reports it inside a stream.
const STREAM_FAILURE = openaiErrorObject(500);

/** Numbers every event from 0 in `sequence_number`, as the API does; clients order and dedupe on it. */
class EventSequence {
  readonly events: string[] = [];
  private next = 0;

  push(type: string, fields: object): void {
    const data = JSON.stringify({ type, sequence_number: this.next, ...fields });
    this.next += 1;
    this.events.push(`event: ${type}\ndata: ${data}\n\n`);
  }
}

/**
 * Renders the reply as the API's event sequence, one string per SSE event, so a slow reply can pace
 * them and a fast one joins them into a single write.
 */
export function renderResponsesEvents(reply: ResponsesReply, options: ResponsesEventOptions): string[] {
  const sequence = new EventSequence();
  const started = responsesResponseObject(reply, { status: 'in_progress', output: [], usage: null });
  sequence.push('response.created', { response: started });
  if (options.script === 'error-event') {
    pushFailure(sequence, reply);
    return sequence.events;
  }
  sequence.push('response.in_progress', { response: started });
  if (options.script === 'hang') return sequence.events;
  if (options.unknownEvent) sequence.push('response.mock_unknown', { detail: { x: 1 } });

  const failing = options.script === 'mid-error' || options.script === 'disconnect';
  const limit = failing ? DELTAS_BEFORE_FAILURE : Number.POSITIVE_INFINITY;
  let deltas = 0;
  const pushDelta: PushDelta = (type, fields) => {
    sequence.push(type, fields);
    deltas += 1;
    return deltas < limit;
  };

  const encrypted = reply.request.includeEncryptedReasoning;
  for (const [outputIndex, item] of reply.items.entries()) {
    sequence.push('response.output_item.added', { output_index: outputIndex, item: outputItemAdded(item, encrypted) });
    if (!pushItemBody(sequence, item, outputIndex, pushDelta)) {
      if (options.script === 'mid-error') pushFailure(sequence, reply);
      return sequence.events;
    }
    sequence.push('response.output_item.done', { output_index: outputIndex, item: outputItemDone(item, encrypted) });
  }

  const final = finishedResponseObject(reply, reply.items.map((item) => outputItemDone(item, encrypted)));
  sequence.push(reply.plan.finishReason === 'length' ? 'response.incomplete' : 'response.completed', { response: final });
  return sequence.events;
}

/** The events between an item's `added` and `done`; false when the delta budget ran out inside it. */
function pushItemBody(sequence: EventSequence, item: ResponsesItem, outputIndex: number, pushDelta: PushDelta): boolean {
  const at = { item_id: item.id, output_index: outputIndex };
  switch (item.type) {
    case 'reasoning': {
      const summary = { ...at, summary_index: 0 };
      const text = item.deltas.join('');
      sequence.push('response.reasoning_summary_part.added', { ...summary, part: summaryPart('') });
      for (const delta of item.deltas) {
        if (!pushDelta('response.reasoning_summary_text.delta', { ...summary, delta })) return false;
      }
      sequence.push('response.reasoning_summary_text.done', { ...summary, text });
      sequence.push('response.reasoning_summary_part.done', { ...summary, part: summaryPart(text) });
      return true;
    }
    case 'text': {
      const part = { ...at, content_index: 0 };
      const text = item.deltas.join('');
      sequence.push('response.content_part.added', { ...part, part: outputTextPart('') });
      for (const delta of item.deltas) {
        if (!pushDelta('response.output_text.delta', { ...part, delta, logprobs: [] })) return false;
      }
      sequence.push('response.output_text.done', { ...part, text, logprobs: [] });
      sequence.push('response.content_part.done', { ...part, part: outputTextPart(text) });
      return true;
    }
    case 'function_call':
      for (const delta of item.fragments) {
        if (!pushDelta('response.function_call_arguments.delta', { ...at, delta })) return false;
      }
      sequence.push('response.function_call_arguments.done', { ...at, arguments: item.arguments });
      return true;
    case 'custom_tool_call':
      for (const delta of item.fragments) {
        if (!pushDelta('response.custom_tool_call_input.delta', { ...at, delta })) return false;
      }
      sequence.push('response.custom_tool_call_input.done', { ...at, input: item.input });
      return true;
  }
}

/**
 * A failure inside the stream: an `error` event, then `response.failed`. The error is nested in
 * `error`, as OpenAI sends it in production (the reference documents a flat variant; clients and
 * the SDK handle the nested one).
 */
function pushFailure(sequence: EventSequence, reply: ResponsesReply): void {
  const { type, code, message, param } = STREAM_FAILURE;
  sequence.push('error', { error: { type, code, message, param } });
  const failed = responsesResponseObject(reply, { status: 'failed', output: [], usage: null, error: { code, message } });
  sequence.push('response.failed', { response: failed });
}
