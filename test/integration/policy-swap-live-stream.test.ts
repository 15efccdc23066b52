import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { expectValidOutput } from '../helpers/validate-output.js';
import { ADMIN_KEY, putPolicy } from './support/policy-admin.js';
import { sseEvents, streamedText } from './support/sse-events.js';

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const delta = (text: string) => sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
const head =
  sse('message_start', { type: 'message_start', message: { id: 'msg_gated', type: 'message', role: 'assistant', model: 'claude-opus-4-8', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } } }) +
  sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
  delta('before the swap, ');
const tail =
  delta('after the swap') +
  sse('content_block_stop', { type: 'content_block_stop', index: 0 }) +
  sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 6 } }) +
  sse('message_stop', { type: 'message_stop' });

// Registered first, so closed last: the upstream closes (opening its gate) before the gateway waits for its streams.
const startGateway = closedAfterEach(startTestGateway);

/**
 * An Anthropic upstream whose first answer stops after its first text delta until the test opens the
 * gate; later answers come whole. The test decides when the stream in flight ends, so the swap happens
 * while it is open whatever the machine's speed.
 */
const startGatedUpstream = closedAfterEach(async () => {
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  let answered = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      res.write(head);
      const first = answered++ === 0;
      void (first ? gate : Promise.resolve()).then(() => res.end(tail));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    openGate,
    close: () => new Promise<void>((resolve) => {
      openGate();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
});

function streamingCall(url: string) {
  return request(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-client-key' },
    body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

describe('a policy swap during a live stream', () => {
  it('leaves the stream in flight on the policy it started with; the next call gets the new one', async () => {
    const upstream = await startGatedUpstream();
    const gateway = await startGateway({ env: { ADMIN_API_KEY: ADMIN_KEY, ANTHROPIC_UPSTREAM_URL: upstream.url } });
    expect((await putPolicy(gateway.url, { policy: { name: 'all-caps' } })).status).toBe(200);

    const inFlight = await streamingCall(gateway.url);
    expect(inFlight.statusCode).toBe(200);
    inFlight.body.setEncoding('utf8');
    let received = '';
    const ended = new Promise<void>((resolve, reject) => {
      inFlight.body.on('end', resolve);
      inFlight.body.on('error', reject);
    });
    await new Promise<void>((resolve) => {
      inFlight.body.on('data', (chunk: string) => {
        received += chunk;
        if (received.includes('BEFORE THE SWAP')) resolve();
      });
    });

    const swapped = await putPolicy(gateway.url, { policy: { name: 'noop' } }, 'quiet again');
    expect(swapped).toMatchObject({ status: 200, body: { policies: ['noop'], comment: 'quiet again' } });
    // The stream is still open: its upstream has not sent its second half yet.
    expect(received).not.toContain('message_stop');

    const next = await streamingCall(gateway.url);
    const nextText = await next.body.text();
    expect(streamedText(sseEvents(nextText))).toBe('before the swap, after the swap');

    upstream.openGate();
    await ended;
    expect(streamedText(sseEvents(received))).toBe('BEFORE THE SWAP, AFTER THE SWAP');
    expectValidOutput('anthropic', { stream: true, text: received });
    expectValidOutput('anthropic', { stream: true, text: nextText });
  });
});
