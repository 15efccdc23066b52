import { request } from 'node:http';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { BEARER } from './__test-support__/bearer.js';
import { expectOpenAIError } from './__test-support__/expect-openai-error.js';
import type { Json } from './__test-support__/json.js';
import { openaiClient } from './__test-support__/openai-client.js';
import { useMockUpstreams } from './__test-support__/use-mock-upstreams.js';

const startMock = useMockUpstreams();

describe('GET /v1/models by API family', () => {
  it('answers OpenAI-looking requests with the OpenAI list shape', async () => {
    const mock = await startMock();
    const response = await fetch(`${mock.url}/v1/models`, { headers: BEARER });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req_mock_1');
    const list = (await response.json()) as Json;
    expect(Object.keys(list)).toEqual(['object', 'data']);
    expect(list['object']).toBe('list');
    const data = list['data'] as Json[];
    expect(data.length).toBeGreaterThan(0);
    for (const model of data) {
      expect(Object.keys(model)).toEqual(['id', 'object', 'created', 'owned_by']);
      expect(model).toMatchObject({ object: 'model' });
      expect(typeof model['created']).toBe('number');
    }
    const one = await fetch(`${mock.url}/v1/models/${String(data[0]?.['id'])}`, { headers: BEARER });
    expect(await one.json()).toEqual(data[0]);
    const missing = await fetch(`${mock.url}/v1/models/gpt-nope`, { headers: BEARER });
    expect(missing.status).toBe(404);
    expectOpenAIError(await missing.json(), { type: 'invalid_request_error', param: 'model', code: 'model_not_found' });
  });

  it('keeps the Anthropic shape when anthropic-version or x-api-key is sent', async () => {
    const mock = await startMock();
    const anthropicHeaders: Record<string, string>[] = [{ ...BEARER, 'anthropic-version': '2023-06-01' }, { 'x-api-key': 'k' }];
    for (const headers of anthropicHeaders) {
      const list = (await (await fetch(`${mock.url}/v1/models`, { headers })).json()) as Json;
      expect(list).toMatchObject({ has_more: false, first_id: 'claude-sonnet-4-6' });
      expect((list['data'] as Json[])[0]).toMatchObject({ type: 'model', id: 'claude-sonnet-4-6' });
    }
    const missing = await fetch(`${mock.url}/v1/models/gpt-nope`, { headers: { ...BEARER, 'anthropic-version': '2023-06-01' } });
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

describe('OpenAI routing and authentication', () => {
  it('rejects a missing key and the reserved invalid key with 401 in OpenAI shape', async () => {
    const mock = await startMock();
    const body = JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    const missing = await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST', body });
    expect(missing.status).toBe(401);
    expectOpenAIError(await missing.json(), { type: 'invalid_request_error', param: null, code: null });
    for (const path of ['/v1/chat/completions', '/v1/responses', '/v1/models']) {
      const invalid = await fetch(`${mock.url}${path}`, {
        method: path === '/v1/models' ? 'GET' : 'POST',
        headers: { authorization: 'Bearer invalid-key' },
        ...(path === '/v1/models' ? {} : { body }),
      });
      expect(invalid.status).toBe(401);
      expectOpenAIError(await invalid.json(), { type: 'invalid_request_error', code: 'invalid_api_key' });
    }
  });

  it('answers unknown OpenAI paths with 404 and other methods with 405', async () => {
    const mock = await startMock();
    const unknown = await fetch(`${mock.url}/v1/responses/resp_123/input_items`, { headers: BEARER });
    expect(unknown.status).toBe(404);
    expectOpenAIError(await unknown.json(), { message: 'Invalid URL (GET /v1/responses/resp_123/input_items)', type: 'invalid_request_error', code: null });
    const wrongMethod = await fetch(`${mock.url}/v1/chat/completions`, { method: 'PUT', headers: BEARER });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expectOpenAIError(await wrongMethod.json(), { type: 'invalid_request_error' });
  });

  it('refuses the WebSocket upgrade Codex tries on GET /v1/responses with a plain 405', async () => {
    const mock = await startMock();
    const { status, body, upgraded } = await new Promise<{ status: number; body: string; upgraded: boolean }>((resolve, reject) => {
      const req = request(`${mock.url}/v1/responses`, {
        headers: {
          ...BEARER,
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          'sec-websocket-version': '13',
          'openai-beta': 'responses_websockets=2026-02-06',
        },
      });
      req.on('upgrade', () => resolve({ status: 101, body: '', upgraded: true }));
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, upgraded: false }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(upgraded).toBe(false);
    expect(status).toBe(405);
    expectOpenAIError(JSON.parse(body), { message: 'Invalid method for URL (GET /v1/responses)', type: 'invalid_request_error' });
    expect(mock.requests[0]).toMatchObject({ method: 'GET', path: '/v1/responses' });
  });

  it('records requests on the OpenAI paths, and keeps the control endpoints', async () => {
    const mock = await startMock();
    const body = JSON.stringify({ model: 'gpt-5-codex', input: 'hi', stream: true });
    await (await fetch(`${mock.url}/v1/responses?trace=1`, { method: 'POST', headers: BEARER, body })).text();
    expect(mock.requests).toEqual([expect.objectContaining({ method: 'POST', path: '/v1/responses?trace=1', body })]);
    expect(mock.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    expect(await (await fetch(`${mock.url}/_mock/stats`)).json()).toEqual({ abortedStreams: 0, recordedRequests: 1 });
  });
});

describe('OpenAI SDK on the shared routes', () => {
  it('models.list pages through the OpenAI list', async () => {
    const mock = await startMock();
    const ids: string[] = [];
    for await (const model of openaiClient(mock).models.list()) ids.push(model.id);
    expect(ids).toEqual(['gpt-5-codex', 'gpt-4.1', 'gpt-4o-mini']);
  });

  it('raises AuthenticationError and NotFoundError', async () => {
    const mock = await startMock();
    const bad = openaiClient(mock, 'invalid-key');
    await expect(bad.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(bad.responses.create({ model: 'gpt-5-codex', input: 'hi' })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    const good = openaiClient(mock);
    await expect(good.models.retrieve('gpt-nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
