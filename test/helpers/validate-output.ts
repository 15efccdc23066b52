import type { WireFormat } from '../../src/core/wire-format.js';
import { validateAnthropicBody, validateAnthropicStream } from '../../src/formats/anthropic/validate-anthropic-output.js';
import { validateOpenAIChatBody, validateOpenAIChatStream } from '../../src/formats/openai-chat/validate-openai-chat-output.js';
import type { OutputViolation } from '../../src/formats/output-violation.js';
import { validateOpenAIResponsesBody, validateOpenAIResponsesStream } from '../../src/formats/openai-responses/validate-openai-responses-output.js';

/** A finished response as a client received it: the whole SSE text, or the parsed JSON body. */
export type FinishedOutput = { readonly stream: true; readonly text: string } | { readonly stream: false; readonly body: unknown };

const validators: Readonly<Record<WireFormat, { stream(text: string): OutputViolation[]; body(body: unknown): OutputViolation[] }>> = {
  anthropic: { stream: validateAnthropicStream, body: validateAnthropicBody },
  'openai-chat': { stream: validateOpenAIChatStream, body: validateOpenAIChatBody },
  'openai-responses': { stream: validateOpenAIResponsesStream, body: validateOpenAIResponsesBody },
};

/** Everything wrong with `output` for `format` ([] when it is valid). */
export function validateOutput(format: WireFormat, output: FinishedOutput): OutputViolation[] {
  const validator = validators[format];
  return output.stream ? validator.stream(output.text) : validator.body(output.body);
}

/**
 * Throws, listing every violation, unless `output` is valid for `format`. In a vitest test the thrown
 * error fails the test with the list as its message.
 */
export function expectValidOutput(format: WireFormat, output: FinishedOutput): void {
  const violations = validateOutput(format, output);
  if (violations.length === 0) return;
  const list = violations.map((violation) => `  - ${violation.rule}: ${violation.detail}`).join('\n');
  throw new Error(`${format} ${output.stream ? 'stream' : 'body'} has ${violations.length} violation(s):\n${list}`);
}
