import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { claudeCodeRequest } from './support/claude-code-request.js';
import { waitFor } from './support/wait-for.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** Starts a streaming request the client can abandon at will. */
async function startStreaming(target: TestGateway, prompt: string, signal: AbortSignal) {
  return request(`${target.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-client-key' },
    body: claudeCodeRequest(prompt),
    signal,
  });
}

async function expectUpstreamAbortedPromptly(target: TestGateway, leftAt: number): Promise<void> {
  await waitFor(() => (target.upstream.abortedStreams === 1 ? true : undefined), 1000, 'the upstream stream to be aborted');
  expect(performance.now() - leftAt).toBeLessThan(1000);
  const call = await waitFor(() => target.logs.find((line) => line.msg === 'call'), 1000, 'the call log line');
  expect(call.outcome).toBe('aborted');
}

describe('client disconnect', () => {
  it('mid-stream aborts the upstream request promptly', async () => {
    const target = await startTestGateway();
    gateway = target;
    const controller = new AbortController();
    // About 200 events 20 ms apart: the upstream would keep streaming for 4 s if nobody stopped it.
    const response = await startStreaming(target, 'mock:text:200 mock:slow:20', controller.signal);
    expect(response.statusCode).toBe(200);
    response.body.on('error', () => undefined);
    const firstChunk = await new Promise<Buffer>((resolve) => response.body.once('data', resolve));
    expect(firstChunk.toString('utf8')).toContain('message_start');
    expect(target.upstream.abortedStreams).toBe(0);

    const leftAt = performance.now();
    controller.abort();
    await expectUpstreamAbortedPromptly(target, leftAt);
  });

  it('while the upstream is silent aborts the upstream request promptly', async () => {
    const target = await startTestGateway();
    gateway = target;
    const controller = new AbortController();
    // The upstream sends message_start and then nothing: only the client's leaving can end this call.
    const pending = startStreaming(target, 'mock:hang', controller.signal);
    pending.catch(() => undefined);
    await waitFor(() => target.upstream.requests[0], 1000, 'the upstream request');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(target.upstream.abortedStreams).toBe(0);

    const leftAt = performance.now();
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expectUpstreamAbortedPromptly(target, leftAt);
  });
});
