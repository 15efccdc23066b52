import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/core/call-record.js';
import type { Policy } from '../../src/core/policy.js';
import type { CallRecorder } from '../../src/pipeline/handle-model-call.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { waitFor } from './support/wait-for.js';
import { postChat, postMessages, postResponses, type Exchange } from './support/http-exchange.js';
import { claudeCodeHeaders, claudeCodeRequest, SESSION_ID } from './support/claude-code-request.js';
import { CHAT_EXEC_TOOL, chatBody, RESPONSES_EXEC_TOOL, responsesBody } from './support/openai-bodies.js';

/** Collects what the gateway hands to its recorder. */
class CollectingRecorder implements CallRecorder {
  readonly records: CallRecord[] = [];
  keepHeaders(headers: IncomingHttpHeaders): Record<string, string> {
    const ua = headers['user-agent'];
    return typeof ua === 'string' ? { 'user-agent': ua } : {};
  }
  record(call: CallRecord): void {
    this.records.push(call);
  }
}

/** Tags the request on its way up and upper-cases the answer, telling the record what it did. */
const tagAndShout: Policy = {
  name: 'tag-and-shout',
  onRequest: (request, ctx) => {
    ctx.emit({ type: 'policy.tag-and-shout.tagged', summary: 'added luthien_tag' });
    return { action: 'continue', request: request.withField('luthien_tag', 'seen') };
  },
  onTextDelta: (text) => text.toUpperCase(),
};

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function recordOf(recorder: CollectingRecorder, answer: Exchange): Promise<CallRecord> {
  const callId = answer.headers['x-luthien-call-id'];
  return waitFor(() => recorder.records.find((candidate) => candidate.callId === callId), 5_000, `the record of call ${String(callId)}`);
}

const formats = [
  { format: 'anthropic', post: (url: string, stream: boolean, prompt: string) => postMessages(url, claudeCodeRequest(prompt, { stream }), claudeCodeHeaders) },
  { format: 'openai-chat', post: (url: string, stream: boolean, prompt: string) => postChat(url, chatBody(prompt, { stream, tools: [CHAT_EXEC_TOOL], ...(stream ? { stream_options: { include_usage: true } } : {}) })) },
  { format: 'openai-responses', post: (url: string, stream: boolean, prompt: string) => postResponses(url, responsesBody(prompt, { stream, tools: [RESPONSES_EXEC_TOOL] })) },
] as const;

describe.each(formats)('$format calls are recorded', ({ format, post }) => {
  it.each([true, false])('with original and final request, upstream and client response (stream: %s)', async (stream) => {
    const recorder = new CollectingRecorder();
    gateway = await startTestGateway({ recorder, policy: tagAndShout });
    const answer = await post(gateway.url, stream, 'mock:tool');
    expect(answer.status).toBe(200);

    const record = await recordOf(recorder, answer);
    expect(record).toMatchObject({ format, stream, status: 200, outcome: 'completed', backend: format === 'anthropic' ? 'anthropic' : 'openai', stopReason: 'tool-use' });
    expect(record.originalRequest).not.toHaveProperty('luthien_tag');
    expect(record.finalRequest).toHaveProperty('luthien_tag', 'seen');
    expect(record.upstreamResponse?.blocks.find((block) => block.type === 'text')).toEqual({ type: 'text', text: 'Let me run that.' });
    expect(record.clientResponse?.blocks.find((block) => block.type === 'text')).toEqual({ type: 'text', text: 'LET ME RUN THAT.' });
    const call = record.clientResponse?.blocks.find((block) => block.type === 'tool-call');
    expect(call).toMatchObject({ type: 'tool-call', name: format === 'anthropic' ? 'Bash' : 'exec_command', input: expect.any(Object) as unknown });
    expect(record.upstreamResponse?.complete).toBe(true);
    expect(record.usage.outputTokens).toBeGreaterThan(0);
    expect(record.policyEvents).toEqual([expect.objectContaining({ policy: 'tag-and-shout', type: 'policy.tag-and-shout.tagged', summary: 'added luthien_tag' })]);
    expect(record.timings.done).toBeGreaterThan(0);
    expect(record.receivedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(record.error).toBeUndefined();
  });

  it('when the upstream fails mid-stream, with what arrived and the error', async () => {
    const recorder = new CollectingRecorder();
    gateway = await startTestGateway({ recorder });
    const record = await recordOf(recorder, await post(gateway.url, true, 'mock:mid-error mock:text:10'));

    expect(['failed', 'upstream-error']).toContain(record.outcome);
    expect(record.error?.code).toMatch(/STREAM_ERROR/);
    expect(record.clientResponse?.blocks).toEqual([{ type: 'text', text: 'word1 word2 word3' }]);
    expect(record.clientResponse?.complete).toBe(false);
  });

  it('when the upstream refuses, with its status and body', async () => {
    const recorder = new CollectingRecorder();
    gateway = await startTestGateway({ recorder });
    const record = await recordOf(recorder, await post(gateway.url, false, 'mock:error:429'));

    expect(record).toMatchObject({ status: 429, outcome: 'upstream-error', upstreamResponse: undefined });
    expect(record.error?.code).toBe('UPSTREAM_HTTP_429');
  });
});

describe('other calls are recorded too', () => {
  it('a rejected request, with the error and no request body', async () => {
    const recorder = new CollectingRecorder();
    gateway = await startTestGateway({ recorder });
    const record = await recordOf(recorder, await postChat(gateway.url, '{"model": "gpt-5", "messages": "oops"}'));

    expect(record).toMatchObject({ format: 'openai-chat', status: 400, outcome: 'rejected', originalRequest: undefined, finalRequest: undefined });
    expect(record.error?.code).toBe('LUTHIEN_INVALID_REQUEST');
  });

  it('a call the client abandoned', async () => {
    const recorder = new CollectingRecorder();
    gateway = await startTestGateway({ recorder });
    const controller = new AbortController();
    const started = fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: responsesBody('mock:text:200 mock:slow:20', { stream: true }),
      signal: controller.signal,
    });
    const response = await started;
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    const record = await waitFor(() => recorder.records[0], 5_000, 'the record of the abandoned call');
    expect(record).toMatchObject({ outcome: 'aborted', format: 'openai-responses' });
    expect(record.clientResponse?.complete).toBe(false);
  });

  it('with the session, the user and the headers the recorder keeps', async () => {
    const recorder = new CollectingRecorder();
    gateway = await startTestGateway({ recorder });
    const record = await recordOf(recorder, await postMessages(gateway.url, claudeCodeRequest('hi', { stream: false }), claudeCodeHeaders));

    expect(record.sessionId).toBe(SESSION_ID);
    expect(record.userId).toBe('a'.repeat(64));
    expect(record.requestHeaders).toEqual({ 'user-agent': claudeCodeHeaders['user-agent'] });
    // Relayed byte for byte: the record carries the upstream's body, for the recorder to read off this thread.
    expect(record.upstreamResponse).toBeUndefined();
    expect(record.clientResponse).toBeUndefined();
    expect(JSON.parse(Buffer.from(record.upstreamResponseBytes ?? []).toString('utf8'))).toMatchObject({ type: 'message', role: 'assistant' });
  });
});
