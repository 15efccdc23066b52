import { afterEach, describe, expect, it } from 'vitest';
import { allCapsPolicy } from '../../src/policies/all-caps.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { runCodex } from './real-clients.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const calls = (gw: TestGateway) => gw.logs.filter((line) => line.msg === 'call');

describe('Codex CLI through Luthien', () => {
  it('gets a streamed answer over the Responses API, with its session recognised', async () => {
    gateway = await startTestGateway();
    const run = await runCodex({ gatewayUrl: gateway.url, prompt: 'say hi mock:text:5' });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.lastMessage.trim()).toBe('word1 word2 word3 word4 word5');
    const [request] = gateway.upstream.requests.filter((recorded) => recorded.path === '/v1/responses');
    expect(request?.headers.authorization).toBe('Bearer sk-client-key');
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({ stream: true, store: false });
    expect(calls(gateway)).toContainEqual(
      expect.objectContaining({ format: 'openai-responses', backend: 'openai', outcome: 'completed', status: 200, sessionId: expect.any(String) as unknown }),
    );
  });

  it('runs a tool the model asks for and sends the result back', async () => {
    gateway = await startTestGateway();
    const run = await runCodex({ gatewayUrl: gateway.url, prompt: 'list the files mock:tool' });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.lastMessage).toContain('Tool result received');
    expect(run.lastMessage).toContain('tool-output-42');
    const bodies = gateway.upstream.requests.filter((recorded) => recorded.path === '/v1/responses').map((recorded) => recorded.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toContain('"function_call_output"');
    expect(new Set(calls(gateway).map((call) => call.sessionId)).size).toBe(1);
  });

  it('falls back to HTTP streaming when its WebSocket upgrade is refused (built-in provider)', async () => {
    gateway = await startTestGateway();
    const run = await runCodex({ gatewayUrl: gateway.url, prompt: 'hello mock:text:3', provider: 'builtin' });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.lastMessage.trim()).toBe('word1 word2 word3');
    expect(gateway.logs).toContainEqual(expect.objectContaining({ msg: 'request rejected', code: 'LUTHIEN_WEBSOCKET_UNSUPPORTED' }));
    expect(calls(gateway)).toContainEqual(expect.objectContaining({ format: 'openai-responses', outcome: 'completed' }));
  });

  it('shows the text a policy rewrote', async () => {
    gateway = await startTestGateway({ policy: allCapsPolicy.create({}) });
    const run = await runCodex({ gatewayUrl: gateway.url, prompt: 'mock:text:3' });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.lastMessage.trim()).toBe('WORD1 WORD2 WORD3');
  });
});
