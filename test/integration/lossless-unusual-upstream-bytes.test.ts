import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { claudeCodeRequest } from './support/claude-code-request.js';
import { postMessages } from './support/http-exchange.js';

/*
 * The scripted upstream writes compact, canonical JSON, so a gateway that re-serialised it would still
 * pass a byte comparison. This upstream answers with bytes no serialiser would produce: spaces after
 * colons, `\u` escapes, CRLF line ends, `data:` without a space, SSE comments, fields we do not model.
 */
const STREAM = [
  'event: message_start\r\ndata: {"type": "message_start", "message": {"id": "msg_odd", "type": "message", "role": "assistant", "model": "claude-opus-4-8", "content": [], "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 12, "output_tokens": 1, "service_tier": "standard"}}}\r\n\r\n',
  ': keep-alive comment\n\n',
  'event: ping\ndata: {"type": "ping"}\n\n',
  'event: content_block_start\ndata:{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"","x_extra":true}}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"caf\\u00e9 \\ud83c\\udf89"}}\n\n',
  'event: content_block_delta\ndata: {"index":0,"type":"content_block_delta","delta":{"text":" done","type":"text_delta"}}\n\n',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
].join('');

const MESSAGE = `{
  "id" : "msg_odd",
  "type" : "message",
  "role" : "assistant",
  "model" : "claude-opus-4-8",
  "content" : [ { "type" : "text", "text" : "caf\\u00e9 \\ud83c\\udf89 done", "x_extra" : 1.50 } ],
  "stop_reason" : "end_turn",
  "stop_sequence" : null,
  "usage" : { "input_tokens" : 12, "output_tokens" : 3 }
}
`;

describe('unusual upstream bytes pass through unchanged', () => {
  let upstream: Server;
  let gateway: TestGateway;
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const stream = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { stream?: boolean }).stream === true;
        res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json', 'request-id': 'req_odd' });
        res.end(stream ? STREAM : MESSAGE);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    gateway = await startTestGateway({ env: { ANTHROPIC_UPSTREAM_URL: `http://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await gateway.close();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('a stream', async () => {
    const response = await postMessages(gateway.url, claudeCodeRequest('hi', { stream: true }));

    expect(response.status).toBe(200);
    expect(response.text).toBe(STREAM);
  });

  it('a JSON body', async () => {
    const response = await postMessages(gateway.url, claudeCodeRequest('hi', { stream: false }));

    expect(response.status).toBe(200);
    expect(response.text).toBe(MESSAGE);
    expect(response.headers['request-id']).toBe('req_odd');
  });
});
