import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { closedPort } from './support/closed-port.js';
import { exchange, postChat } from './support/http-exchange.js';
import { chatBody } from './support/openai-bodies.js';

const startGateway = closedAfterEach((env: Record<string, string> = {}) => startTestGateway({ env }));

interface Ready {
  readonly status: string;
  readonly components: Record<string, { readonly state: string } & Record<string, unknown>>;
}

async function ready(url: string): Promise<{ status: number; body: Ready }> {
  const answer = await exchange(url, '/ready');
  return { status: answer.status, body: JSON.parse(answer.text) as Ready };
}

describe('GET /ready', () => {
  it('reports every component ok on the embedded defaults, with the recorder counting', async () => {
    const gateway = await startGateway();
    await postChat(gateway.url, chatBody('mock:text:2'));
    const { status, body } = await ready(gateway.url);

    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.components.database).toEqual({ state: 'ok', dialect: 'sqlite' });
    expect(body.components.recorder).toMatchObject({ state: 'ok', enabled: true, dropped: 0 });
    expect(body.components.events).toMatchObject({ state: 'ok', kind: 'local' });
    expect(body.components.upstreams).toMatchObject({ state: 'ok' });
  });

  it('stays 200 but degraded while one backend is unreachable, and 503 once none can be reached', async () => {
    const port = await closedPort();
    const gateway = await startGateway({ OPENAI_UPSTREAM_URL: `http://127.0.0.1:${port}/v1` });
    for (let i = 0; i < 3; i++) expect((await postChat(gateway.url, chatBody('hi'))).status).toBe(502);
    const partly = await ready(gateway.url);
    expect(partly.status).toBe(200);
    expect(partly.body.status).toBe('degraded');
    expect(partly.body.components.upstreams?.backends).toEqual([{ name: 'anthropic', state: 'ok' }, expect.objectContaining({ name: 'openai', state: 'down' })]);

    const nowhere = await startGateway({ OPENAI_UPSTREAM_URL: `http://127.0.0.1:${port}/v1`, ANTHROPIC_UPSTREAM_URL: `http://127.0.0.1:${port}` });
    for (let i = 0; i < 3; i++) {
      await postChat(nowhere.url, chatBody('hi'));
      await exchange(nowhere.url, '/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: '{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}' });
    }
    const none = await ready(nowhere.url);
    expect(none.status).toBe(503);
    expect(none.body.status).toBe('down');
  });

  it('says recording is off when it is', async () => {
    const gateway = await startGateway({ RECORD_CALLS: 'false' });
    const { body } = await ready(gateway.url);
    expect(body.components.recorder).toEqual({ state: 'ok', enabled: false });
    expect(body.components.database).toEqual({ state: 'ok' });
  });
});
