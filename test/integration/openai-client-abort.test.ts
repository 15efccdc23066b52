import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { chatBody, responsesBody } from './support/openai-bodies.js';
import { waitFor } from './support/wait-for.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const routes = [
  { route: '/v1/chat/completions', body: (prompt: string) => chatBody(prompt, { stream: true }), firstEvent: 'chat.completion.chunk' },
  { route: '/v1/responses', body: (prompt: string) => responsesBody(prompt, { stream: true }), firstEvent: 'response.created' },
] as const;

/** Starts a streaming request the client can abandon at will. */
function startStreaming(target: TestGateway, route: string, body: string, signal: AbortSignal) {
  return request(`${target.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client-key' },
    body,
    signal,
  });
}

async function expectUpstreamAborted(target: TestGateway): Promise<void> {
  await waitFor(() => (target.upstream.abortedStreams === 1 ? true : undefined), 2000, 'the upstream stream to be aborted');
  const call = await waitFor(() => target.logs.find((line) => line.msg === 'call'), 2000, 'the call log line');
  expect(call.outcome).toBe('aborted');
}

describe.each(routes)('client disconnect on $route', ({ route, body, firstEvent }) => {
  it('mid-stream aborts the upstream request', async () => {
    const target = await startTestGateway();
    gateway = target;
    const controller = new AbortController();
    // About 200 events 20 ms apart: the upstream would keep streaming for 4 s if nobody stopped it.
    const response = await startStreaming(target, route, body('mock:text:200 mock:slow:20'), controller.signal);
    expect(response.statusCode).toBe(200);
    response.body.on('error', () => undefined);
    const firstChunk = await new Promise<Buffer>((resolve) => response.body.once('data', resolve));
    expect(firstChunk.toString('utf8')).toContain(firstEvent);
    expect(target.upstream.abortedStreams).toBe(0);

    controller.abort();
    await expectUpstreamAborted(target);
  });

  it('while the upstream is silent aborts the upstream request', async () => {
    const target = await startTestGateway();
    gateway = target;
    const controller = new AbortController();
    // The upstream sends its first events and then nothing: only the client's leaving can end this call.
    const pending = startStreaming(target, route, body('mock:hang'), controller.signal);
    pending.catch(() => undefined);
    await waitFor(() => target.upstream.requests[0], 2000, 'the upstream request');
    expect(target.upstream.abortedStreams).toBe(0);

    controller.abort();
    await expect(pending).rejects.toThrow();
    await expectUpstreamAborted(target);
  });
});
