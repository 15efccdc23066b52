import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { openaiError, postChat } from './support/http-exchange.js';
import { ALL_CAPS_POLICY, writePolicyFile } from './support/policy-file.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const twoChoices = (stream: boolean) => JSON.stringify({ model: 'gpt-5', n: 2, stream, messages: [{ role: 'user', content: 'mock:text:3' }] });

describe('a request for output the policies would not see', () => {
  it.each([false, true])('is refused before the upstream when a policy reads responses (stream: %s)', async (stream) => {
    gateway = await startTestGateway({ env: { POLICY_CONFIG: await writePolicyFile(ALL_CAPS_POLICY) } });
    const answer = await postChat(gateway.url, twoChoices(stream));

    expect(answer.status).toBe(400);
    expect(openaiError(answer.text).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('n: 2 choices requested') as unknown });
    expect(gateway.upstream.requests).toHaveLength(0);
    expect(gateway.logs).toContainEqual(expect.objectContaining({ msg: 'call', outcome: 'rejected', status: 400 }));
  });

  it('passes through when no policy reads responses', async () => {
    gateway = await startTestGateway();
    const answer = await postChat(gateway.url, twoChoices(false));

    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.text) as { choices: unknown[] }).choices).toHaveLength(2);
  });
});
