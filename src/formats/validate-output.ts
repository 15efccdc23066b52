import type { WireFormat } from '../core/wire-format.js';
import { validateAnthropicBody, validateAnthropicStream } from './anthropic/validate-anthropic-output.js';
import { validateOpenAIChatBody, validateOpenAIChatStream } from './openai-chat/validate-openai-chat-output.js';
import type { OutputViolation } from './output-violation.js';
import { validateOpenAIResponsesBody, validateOpenAIResponsesStream } from './openai-responses/validate-openai-responses-output.js';

/** A finished response as a client received it: the whole SSE text, or the parsed JSON body. */
export type FinishedOutput = { readonly stream: true; readonly text: string } | { readonly stream: false; readonly body: unknown };

const validators: Readonly<Record<WireFormat, { stream(text: string): OutputViolation[]; body(body: unknown): OutputViolation[] }>> = {
  anthropic: { stream: validateAnthropicStream, body: validateAnthropicBody },
  'openai-chat': { stream: validateOpenAIChatStream, body: validateOpenAIChatBody },
  'openai-responses': { stream: validateOpenAIResponsesStream, body: validateOpenAIResponsesBody },
};

/** Everything wrong with `output` for `format` ([] when it is valid), by the format's independent validator. */
export function validateOutput(format: WireFormat, output: FinishedOutput): OutputViolation[] {
  const validator = validators[format];
  return output.stream ? validator.stream(output.text) : validator.body(output.body);
}
