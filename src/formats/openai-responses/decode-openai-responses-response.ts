import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { StreamPart } from '../../core/stream-part.js';
import { OpenAIResponsesEventDecoder } from './decode-openai-responses-event.js';

type Event = readonly [type: string, fields: JsonObject];

/**
 * Turns a non-streaming response object into the parts a stream of it would give, so policies and the
 * recorder have one code path. Each part's origin holds the event the API would have streamed (with
 * sequence numbers), so a client that asked for a stream still gets a well-formed one, and the
 * terminal event holds the response itself, so folding the parts gives it back.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function decodeOpenAIResponsesResponse(response: JsonObject): StreamPart[] {
  const decoder = new OpenAIResponsesEventDecoder();
  const parts: StreamPart[] = [];
  let sequence = 0;
  const emit = ([type, fields]: Event): void => {
    const data = { type, sequence_number: sequence++, ...fields };
    parts.push(...decoder.decode(type, data, { format: 'openai-responses', data }));
  };
  emit(['response.created', { response: { ...response, status: 'in_progress', output: [], usage: null } }]);
  const output = Array.isArray(response.output) ? response.output : [];
  output.forEach((item: unknown, outputIndex) => {
    if (isJsonObject(item)) itemEvents(item, outputIndex).forEach(emit);
  });
  emit([terminalType(response.status), { response }]);
  return parts;
}

function terminalType(status: unknown): string {
  if (status === 'failed') return 'response.failed';
  return status === 'incomplete' ? 'response.incomplete' : 'response.completed';
}

function itemEvents(item: JsonObject, outputIndex: number): Event[] {
  const at = { ...(typeof item.id === 'string' ? { item_id: item.id } : {}), output_index: outputIndex };
  const added = (changes: JsonObject): Event => ['response.output_item.added', { output_index: outputIndex, item: { ...item, ...inProgress(item), ...changes } }];
  const done: Event = ['response.output_item.done', { output_index: outputIndex, item }];
  switch (item.type) {
    case 'message':
      return [added({ content: [] }), ...objects(item.content).flatMap((part, index) => contentEvents(part, { ...at, content_index: index })), done];
    case 'reasoning':
      return [
        added({ summary: [], ...('content' in item ? { content: [] } : {}) }),
        ...objects(item.summary).flatMap((part, index) => summaryEvents(part, { ...at, summary_index: index })),
        ...objects(item.content).flatMap((part, index) => reasoningTextEvents(part, { ...at, content_index: index })),
        done,
      ];
    case 'function_call':
      return [added({ arguments: '' }), ...inputEvents('response.function_call_arguments', 'arguments', item.arguments, at), done];
    case 'custom_tool_call':
      return [added({ input: '' }), ...inputEvents('response.custom_tool_call_input', 'input', item.input, at), done];
    default:
      return [added({}), done];
  }
}

function contentEvents(part: JsonObject, at: JsonObject): Event[] {
  const field = part.type === 'refusal' ? 'refusal' : part.type === 'output_text' ? 'text' : undefined;
  if (field === undefined) return [['response.content_part.added', { ...at, part }], ['response.content_part.done', { ...at, part }]];
  const text = typeof part[field] === 'string' ? part[field] : '';
  const prefix = field === 'refusal' ? 'response.refusal' : 'response.output_text';
  const empty = field === 'text' ? { ...part, text: '', ...('annotations' in part ? { annotations: [] } : {}) } : { ...part, refusal: '' };
  return [
    ['response.content_part.added', { ...at, part: empty }],
    ...(text === '' ? [] : [[`${prefix}.delta`, { ...at, delta: text }] as const]),
    [`${prefix}.done`, { ...at, [field]: text }],
    ['response.content_part.done', { ...at, part }],
  ];
}

function summaryEvents(part: JsonObject, at: JsonObject): Event[] {
  const text = typeof part.text === 'string' ? part.text : '';
  return [
    ['response.reasoning_summary_part.added', { ...at, part: { ...part, text: '' } }],
    ...(text === '' ? [] : [['response.reasoning_summary_text.delta', { ...at, delta: text }] as const]),
    ['response.reasoning_summary_text.done', { ...at, text }],
    ['response.reasoning_summary_part.done', { ...at, part }],
  ];
}

function reasoningTextEvents(part: JsonObject, at: JsonObject): Event[] {
  const text = typeof part.text === 'string' ? part.text : '';
  return [...(text === '' ? [] : [['response.reasoning_text.delta', { ...at, delta: text }] as const]), ['response.reasoning_text.done', { ...at, text }]];
}

function inputEvents(prefix: string, field: string, value: unknown, at: JsonObject): Event[] {
  const text = typeof value === 'string' ? value : '';
  return [...(text === '' ? [] : [[`${prefix}.delta`, { ...at, delta: text }] as const]), [`${prefix}.done`, { ...at, [field]: text }]];
}

function inProgress(item: JsonObject): JsonObject {
  return 'status' in item ? { status: 'in_progress' } : {};
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}
