import type { PlannedBlock, ReplyPlan } from './reply-plan.js';

/** The real API writes this one event with a space after the colon; kept byte-exact on purpose. */
export const PING_EVENT = 'event: ping\ndata: {"type": "ping"}\n\n';

export const OVERLOADED_ERROR_EVENT = sseEvent(
  'error',
  '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
);

const UNKNOWN_EVENT = sseEvent('luthien_future_event', '{"type":"luthien_future_event","detail":{"x":1}}');

export interface SseRenderOptions {
  /** Add an event type and a delta type the client has never heard of, to prove they pass through. */
  readonly unknownEvent: boolean;
  /** Stop (without closing blocks or the message) once this many deltas were emitted. */
  readonly stopAfterDeltas?: number;
}

export function sseEvent(type: string, json: string): string {
  return `event: ${type}\ndata: ${json}\n\n`;
}

export function messageStartEvent(plan: ReplyPlan): string {
  const message = {
    id: plan.messageId,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: {
      input_tokens: plan.usage.inputTokens,
      cache_creation_input_tokens: plan.usage.cacheCreationInputTokens,
      cache_read_input_tokens: plan.usage.cacheReadInputTokens,
      output_tokens: 1,
    },
  };
  return sseEvent('message_start', JSON.stringify({ type: 'message_start', message }));
}

/**
 * Renders the plan as the API's event sequence, one string per SSE event. Kept as separate strings
 * so a slow reply can pace them; a fast reply joins them into a single write.
 */
export function renderSseEvents(plan: ReplyPlan, options: SseRenderOptions): string[] {
  const events: string[] = [messageStartEvent(plan)];
  if (options.unknownEvent) events.push(UNKNOWN_EVENT);
  events.push(PING_EVENT);

  const limit = options.stopAfterDeltas ?? Number.POSITIVE_INFINITY;
  let deltas = 0;
  let unknownDeltaPending = options.unknownEvent;
  // Returns false once the delta budget is spent, so the caller can cut the stream mid-block.
  const pushDelta = (index: number, deltaJson: string): boolean => {
    events.push(deltaEvent(index, deltaJson));
    deltas += 1;
    return deltas < limit;
  };

  for (const [index, block] of plan.blocks.entries()) {
    events.push(sseEvent('content_block_start', `{"type":"content_block_start","index":${index},"content_block":${startBlockJson(block)}}`));
    switch (block.type) {
      case 'text':
        for (const citation of block.citations) {
          if (!pushDelta(index, JSON.stringify({ type: 'citations_delta', citation }))) return events;
        }
        for (const text of block.deltas) {
          if (!pushDelta(index, `{"type":"text_delta","text":${JSON.stringify(text)}}`)) return events;
          if (unknownDeltaPending) {
            events.push(deltaEvent(index, '{"type":"future_delta","payload":"z"}'));
            unknownDeltaPending = false;
          }
        }
        break;
      case 'thinking':
        for (const thinking of block.deltas) {
          if (!pushDelta(index, `{"type":"thinking_delta","thinking":${JSON.stringify(thinking)}}`)) return events;
        }
        if (!pushDelta(index, `{"type":"signature_delta","signature":${JSON.stringify(block.signature)}}`)) return events;
        break;
      case 'tool_use':
      case 'server_tool_use':
        for (const fragment of block.fragments) {
          if (!pushDelta(index, `{"type":"input_json_delta","partial_json":${JSON.stringify(fragment)}}`)) return events;
        }
        break;
      case 'redacted_thinking':
      case 'web_search_tool_result':
        break;
    }
    events.push(sseEvent('content_block_stop', `{"type":"content_block_stop","index":${index}}`));
  }

  events.push(
    sseEvent(
      'message_delta',
      `{"type":"message_delta","delta":{"stop_reason":"${plan.stopReason}","stop_sequence":null},"usage":{"output_tokens":${plan.usage.outputTokens}}}`,
    ),
  );
  events.push(sseEvent('message_stop', '{"type":"message_stop"}'));
  return events;
}

function deltaEvent(index: number, deltaJson: string): string {
  return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":${deltaJson}}\n\n`;
}

/** The block as announced by content_block_start: empty, to be filled by the deltas that follow. */
function startBlockJson(block: PlannedBlock): string {
  switch (block.type) {
    case 'text':
      return '{"type":"text","text":""}';
    case 'thinking':
      return '{"type":"thinking","thinking":"","signature":""}';
    case 'redacted_thinking':
      return JSON.stringify({ type: 'redacted_thinking', data: block.data });
    case 'tool_use':
    case 'server_tool_use':
      return JSON.stringify({ type: block.type, id: block.id, name: block.name, input: {} });
    case 'web_search_tool_result':
      return JSON.stringify(block.block);
  }
}
