import { afterEach, describe, expect, it } from 'vitest';
import { allCapsPolicy } from '../../src/policies/all-caps.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { runClaudeCode } from './real-clients.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

describe('Claude Code through Luthien', () => {
  it('gets an answer, with its session recognised', async () => {
    gateway = await startTestGateway();
    const run = await runClaudeCode(gateway.url, 'mock:text:4');

    expect(run.result, run.stderr).toMatchObject({ is_error: false, result: 'word1 word2 word3 word4' });
    const call = gateway.logs.find((line) => line.msg === 'call' && line.format === 'anthropic');
    expect(call).toMatchObject({ outcome: 'completed', backend: 'anthropic', sessionId: run.result?.session_id });
  });

  it('runs a tool the model asks for and sends the result back', async () => {
    gateway = await startTestGateway();
    const run = await runClaudeCode(gateway.url, 'mock:tool');

    expect(run.result, run.stderr).toMatchObject({ is_error: false });
    expect(run.result?.result).toContain('Tool result received');
    expect(run.result?.num_turns).toBeGreaterThanOrEqual(2);
    const toolResults = gateway.upstream.requests.filter((recorded) => recorded.path.startsWith('/v1/messages') && recorded.body.includes('"tool_result"'));
    expect(toolResults.length).toBeGreaterThanOrEqual(1);
  });

  it('shows the text a policy rewrote', async () => {
    gateway = await startTestGateway({ policy: allCapsPolicy.create({}) });
    const run = await runClaudeCode(gateway.url, 'mock:text:3');

    expect(run.result, run.stderr).toMatchObject({ is_error: false, result: 'WORD1 WORD2 WORD3' });
  });
});
