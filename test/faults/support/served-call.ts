import { expect } from 'vitest';
import type { WireFormat } from '../../../src/core/wire-format.js';
import { claudeCodeHeaders, claudeCodeRequest } from '../../integration/support/claude-code-request.js';
import { expectValidResponse } from '../../integration/support/expect-valid-response.js';
import { postChat, postMessages, postResponses, type Exchange } from '../../integration/support/http-exchange.js';
import { chatBody, responsesBody } from '../../integration/support/openai-bodies.js';

/** The six kinds of call traffic cycles through: each API, streamed and not. */
const shapes: readonly { readonly format: WireFormat; readonly stream: boolean }[] = [
  { format: 'anthropic', stream: true },
  { format: 'openai-chat', stream: false },
  { format: 'openai-responses', stream: true },
  { format: 'anthropic', stream: false },
  { format: 'openai-chat', stream: true },
  { format: 'openai-responses', stream: false },
];

export interface ServedCall {
  readonly callId: string;
  readonly format: WireFormat;
  readonly stream: boolean;
}

/**
 * Sends call number `index` of some traffic through the gateway at `baseUrl` (its API and streaming
 * follow `index` through the six shapes) in session `sessionId`, given by the `x-session-id` header so
 * every format carries it the same way, and checks it was served: 200 with valid output.
 */
export async function sendServedCall(baseUrl: string, index: number, sessionId: string): Promise<ServedCall> {
  const shape = shapes[index % shapes.length] ?? { format: 'anthropic', stream: true };
  const { format, stream } = shape;
  const session = { 'x-session-id': sessionId };
  const prompt = `mock:text:${3 + (index % 4)}`;
  let answer: Exchange;
  if (format === 'anthropic') {
    // No metadata.user_id: the session comes from the header, as for the other two formats.
    answer = await postMessages(baseUrl, claudeCodeRequest(prompt, { stream, userId: null }), { ...claudeCodeHeaders, ...session });
  } else if (format === 'openai-chat') {
    answer = await postChat(baseUrl, chatBody(prompt, { stream, ...(stream ? { stream_options: { include_usage: true } } : {}) }), session);
  } else {
    answer = await postResponses(baseUrl, responsesBody(prompt, { stream }), session);
  }
  expect(answer.status, `call ${index} (${format}, stream ${stream}): ${answer.text.slice(0, 300)}`).toBe(200);
  expectValidResponse(format, answer);
  const callId = answer.headers['x-luthien-call-id'];
  if (typeof callId !== 'string') throw new Error(`call ${index} came back without x-luthien-call-id`);
  return { callId, format, stream };
}

/** Sends calls `from` to `to - 1`, one after the other (so they are recorded in that order). */
export async function sendServedCalls(baseUrl: string, from: number, to: number, sessionId: string): Promise<ServedCall[]> {
  const calls: ServedCall[] = [];
  for (let index = from; index < to; index++) calls.push(await sendServedCall(baseUrl, index, sessionId));
  return calls;
}
