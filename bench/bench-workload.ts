import type { BenchFormat } from './bench-format.js';
import { CLAUDE_CODE_HEADERS, claudeCodeRequestBody } from './claude-code-request.js';
import { CODEX_HEADERS, codexRequestBody } from './codex-request.js';
import { OPENAI_SDK_HEADERS, openaiChatRequestBody } from './openai-chat-request.js';

/** What the load generator sends for one client API, and how it knows a streamed answer is complete. */
export interface BenchWorkload {
  readonly format: BenchFormat;
  /** For the report: the API and the client whose request is imitated. */
  readonly title: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: (stream: boolean) => Buffer;
  /**
   * Bytes only the API's last stream event carries. A stream that ends without them was cut short,
   * and a fast failure must never be counted as a fast answer.
   */
  readonly streamEnd: Buffer;
}

const WORKLOADS: Readonly<Record<BenchFormat, BenchWorkload>> = {
  anthropic: {
    format: 'anthropic',
    title: 'Anthropic Messages, a Claude Code-shaped request',
    path: '/v1/messages',
    headers: CLAUDE_CODE_HEADERS,
    body: claudeCodeRequestBody,
    streamEnd: Buffer.from('message_stop'),
  },
  'openai-chat': {
    format: 'openai-chat',
    title: 'OpenAI Chat Completions, an agent-shaped request (openai SDK)',
    path: '/v1/chat/completions',
    headers: OPENAI_SDK_HEADERS,
    body: openaiChatRequestBody,
    streamEnd: Buffer.from('data: [DONE]'),
  },
  'openai-responses': {
    format: 'openai-responses',
    title: 'OpenAI Responses, a Codex-shaped request',
    path: '/v1/responses',
    headers: CODEX_HEADERS,
    body: codexRequestBody,
    streamEnd: Buffer.from('response.completed'),
  },
};

export function benchWorkload(format: BenchFormat): BenchWorkload {
  return WORKLOADS[format];
}
