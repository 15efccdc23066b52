import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { claudeCodeHeaders, claudeCodeRequest } from './support/claude-code-request.js';
import { postMessages } from './support/http-exchange.js';
import { chunked, rawHttpStatus } from './support/raw-http.js';

describe('request forwarding', () => {
  let gateway: TestGateway;
  beforeEach(async () => {
    gateway = await startTestGateway();
  });
  afterEach(async () => {
    await gateway.close();
  });

  it('delivers the exact request bytes of a Claude Code request', async () => {
    const sent = claudeCodeRequest('say hi', { stream: false });
    const response = await postMessages(gateway.url, sent, claudeCodeHeaders);

    expect(response.status).toBe(200);
    const [received] = gateway.upstream.requests;
    expect(received?.body).toBe(sent);
    expect(Buffer.from(received?.body ?? '', 'utf8').equals(Buffer.from(sent, 'utf8'))).toBe(true);
    // The fields a re-serialising proxy would lose or rewrite are all still there, as written.
    for (const fragment of ['"type": "adaptive"', '"output_config"', '"context_management"', '"role": "system"', '"x_future_knob": 1.50', 'caf\\u00e9']) {
      expect(received?.body).toContain(fragment);
    }
  });

  it('forwards the query string', async () => {
    await postMessages(gateway.url, claudeCodeRequest('hi'), claudeCodeHeaders, '?beta=true');
    expect(gateway.upstream.requests[0]?.path).toBe('/v1/messages?beta=true');
  });

  it.each(['2023-06-01', '2026-10-21'])('forwards anthropic-version %s and the client headers the upstream needs', async (version) => {
    const headers = { ...claudeCodeHeaders, 'anthropic-version': version, 'x-stainless-helper-method': 'stream' };
    const response = await postMessages(gateway.url, claudeCodeRequest('hi'), headers);

    expect(response.status).toBe(200);
    const received = gateway.upstream.requests[0]?.headers ?? {};
    for (const [name, value] of Object.entries(headers)) expect(received[name], name).toBe(value);
    expect(received['anthropic-version']).toBe(version);
  });

  it('drops hop-by-hop headers, cookies and its own headers', async () => {
    const body = Buffer.from(claudeCodeRequest('hi', { stream: false }), 'utf8');
    const status = await rawHttpStatus(
      gateway.url,
      [
        'POST /v1/messages?beta=true HTTP/1.1',
        `host: ${new URL(gateway.url).host}`,
        'content-type: application/json',
        'x-api-key: sk-client-key',
        'anthropic-version: 2023-06-01',
        'connection: close, x-hop-token',
        'x-hop-token: listed-in-connection',
        'keep-alive: timeout=5',
        'te: trailers',
        'transfer-encoding: chunked',
        'proxy-authorization: Basic cHJveHk6c2VjcmV0',
        'cookie: session=abc',
        'x-luthien-debug: 1',
        'x-end-to-end: kept',
      ],
      chunked(body),
    );

    expect(status).toBe(200);
    const [received] = gateway.upstream.requests;
    const names = Object.keys(received?.headers ?? {});
    for (const dropped of ['x-hop-token', 'keep-alive', 'te', 'proxy-authorization', 'cookie', 'x-luthien-debug']) {
      expect(names, dropped).not.toContain(dropped);
    }
    // The upstream hop is framed by the gateway itself, not by the client's transfer coding.
    expect(received?.headers['transfer-encoding']).toBeUndefined();
    expect(received?.headers['content-length']).toBe(String(body.length));
    expect(received?.headers['x-end-to-end']).toBe('kept');
    expect(received?.headers['anthropic-version']).toBe('2023-06-01');
    expect(received?.body).toBe(body.toString('utf8'));
  });
});
