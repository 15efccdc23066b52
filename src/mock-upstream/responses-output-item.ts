import type { ResponsesItem } from './responses-reply.js';

// An opaque fixed blob (Fernet-like, as OpenAI's are): clients must send it back verbatim, never read it.
const ENCRYPTED_REASONING = 'gAAAAABpbHV0aGllbi1tb2NrLXVwc3RyZWFtOm9wYXF1ZS1lbmNyeXB0ZWQtcmVhc29uaW5nOnYx';

/** An output item as `response.output_item.added` announces it: empty, to be filled by the deltas that follow. */
export function outputItemAdded(item: ResponsesItem, encryptedReasoning: boolean): object {
  switch (item.type) {
    case 'reasoning':
      return { id: item.id, type: 'reasoning', ...encrypted(encryptedReasoning), summary: [] };
    case 'text':
      return { id: item.id, type: 'message', status: 'in_progress', content: [], role: 'assistant' };
    case 'function_call':
      return { id: item.id, type: 'function_call', status: 'in_progress', arguments: '', call_id: item.callId, name: item.name };
    case 'custom_tool_call':
      return { id: item.id, type: 'custom_tool_call', status: 'in_progress', call_id: item.callId, input: '', name: item.name };
  }
}

/** The finished item, as in `response.output_item.done` and the response's `output`. */
export function outputItemDone(item: ResponsesItem, encryptedReasoning: boolean): object {
  switch (item.type) {
    case 'reasoning':
      return { id: item.id, type: 'reasoning', ...encrypted(encryptedReasoning), summary: [summaryPart(item.deltas.join(''))] };
    case 'text':
      return { id: item.id, type: 'message', status: 'completed', content: [outputTextPart(item.deltas.join(''))], role: 'assistant' };
    case 'function_call':
      return { id: item.id, type: 'function_call', status: 'completed', arguments: item.arguments, call_id: item.callId, name: item.name };
    case 'custom_tool_call':
      return { id: item.id, type: 'custom_tool_call', status: 'completed', call_id: item.callId, input: item.input, name: item.name };
  }
}

export function outputTextPart(text: string): object {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

export function summaryPart(text: string): object {
  return { type: 'summary_text', text };
}

/** Only sent when the request's `include` asks for it, as the API does. */
function encrypted(wanted: boolean): object {
  return wanted ? { encrypted_content: ENCRYPTED_REASONING } : {};
}
