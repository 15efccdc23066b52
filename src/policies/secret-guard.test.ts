import { describe, expect, it } from 'vitest';
import { formatMatrix, formats } from './__test-support__/format-matrix.js';
import { hooksOf } from './__test-support__/hooks-of.js';
import type { JsonObject } from '../core/json.js';
import type { ToolCallDecision } from '../core/policy.js';
import type { WireFormat } from '../core/wire-format.js';
import { runPolicy, testPolicyContext, testRequest } from '../policy/testing/index.js';
import { secretGuardPolicy } from './secret-guard.js';
import { describeKinds, scanSecrets } from './secret-scan.js';

// Fake secrets in the shapes the patterns look for.
const openaiKey = 'sk-proj-Abcdefghijklmnopqrstuvwx0123';
const awsKey = 'AKIAIOSFODNN7EXAMPLE';
const githubToken = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----';

type Config = Parameters<typeof secretGuardPolicy.configSchema.parse>[0];
const policyFor = (config: Config = {}) => secretGuardPolicy.create(secretGuardPolicy.configSchema.parse(config));

/**
 * A tool turn in each format, as the real clients send it: the user's prompt, the model's shell call,
 * and the tool's output (Claude Code: a user message with a `tool_result`; Chat: a `tool` message;
 * Codex: `function_call_output` with a string, or `custom_tool_call_output` with an array).
 */
function toolTurn(format: WireFormat, output: string, prompt = 'Show me the config'): JsonObject {
  switch (format) {
    case 'anthropic':
      return {
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        messages: [
          { role: 'user', content: [{ type: 'text', text: prompt }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'cat .env', description: 'Show config' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: output, is_error: false, cache_control: { type: 'ephemeral' } }] },
        ],
      };
    case 'openai-chat':
      return {
        model: 'gpt-5',
        messages: [
          { role: 'user', content: prompt },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"cat .env"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: output },
        ],
      };
    case 'openai-responses':
      return {
        model: 'gpt-5',
        input: [
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] },
          { type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"cat .env"}' },
          { type: 'function_call_output', call_id: 'call_1', output },
          { type: 'custom_tool_call', call_id: 'call_2', name: 'exec', input: 'text(1)' },
          { type: 'custom_tool_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'Script completed' }, { type: 'input_text', text: output }] },
        ],
      };
  }
}

describe('secret scanning', () => {
  it('finds the recorder’s kinds and the extra ones, and says what they are without the value', () => {
    const text = [openaiKey, awsKey, githubToken, pem, 'sk_live_abcdefghijklmnop1234', 'hf_abcdefghijklmnopqrstuvwxyz0123456', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'DATABASE_PASSWORD=hunter2hunter2'].join('\n');
    const scan = scanSecrets(text);
    expect(scan.kinds).toEqual({ 'openai-key': 1, 'aws-access-key': 1, 'github-token': 1, 'private-key': 1, 'stripe-key': 1, 'huggingface-token': 1, 'aws-secret-key': 1, credential: 1 });
    for (const secret of [openaiKey, awsKey, githubToken, 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmU', 'hunter2hunter2', 'wJalrXUtnFEMI']) expect(scan.text).not.toContain(secret);
    expect(scan.text).toContain('DATABASE_PASSWORD=[REDACTED:credential]');
    expect(describeKinds({ 'openai-key': 1, 'aws-access-key': 2 })).toBe('an OpenAI API key and 2 AWS access keys');
  });

  it('leaves code that only names secrets alone', () => {
    for (const text of ['API_TOKEN = os.getenv("API_TOKEN")', 'const SECRET_KEY = process.env.SECRET_KEY;', 'password: string', 'MAX_TOKENS=64000 is a setting', 'GITHUB_TOKEN=${GITHUB_TOKEN}']) {
      expect(scanSecrets(text), text).toEqual({ text, kinds: {}, count: 0 });
    }
  });
});

describe('secret-guard on requests', () => {
  it.each(formats)('redacts secrets in prompts and tool results, history included (%s)', async (format) => {
    const policy = policyFor();
    const request = testRequest(format, toolTurn(format, `OPENAI_API_KEY=${openaiKey}\nPORT=3000`, `my key is ${awsKey}`));
    const ctx = testPolicyContext(policy, request);
    const decision = await policy.onRequest?.(request, ctx);
    expect(decision?.action).toBe('continue');
    const body = JSON.stringify(decision?.action === 'continue' ? decision.request?.body : undefined);
    expect(body).not.toContain(openaiKey);
    expect(body).not.toContain(awsKey);
    expect(body).toContain('[REDACTED:openai-key]');
    expect(body).toContain('PORT=3000');
    expect(body).toContain('my key is [REDACTED:aws-access-key]');
    if (format === 'anthropic') expect(body).toContain('"cache_control":{"type":"ephemeral"}');
    // Codex's array output keeps its shape.
    if (format === 'openai-responses') expect(body).toContain('{"type":"input_text","text":"Script completed"}');
    expect(ctx.events).toHaveLength(1);
    expect(ctx.events[0]).toMatchObject({ policy: 'secret-guard', type: 'redacted', data: { where: 'request' } });
    expect(JSON.stringify(ctx.events)).not.toContain(openaiKey);
  });

  it.each(formatMatrix)('blocks a new message that holds a secret when told to, without sending it ($format, stream $stream)', async ({ format, stream }) => {
    const result = await runPolicy(policyFor({ prompts: 'block' }), { format, stream, request: `deploy with ${githubToken} please` });
    expect(result.upstreamRequest).toBeUndefined();
    expect(result.text).toMatch(/not sent to the model: your message contains a GitHub token/);
    expect(result.text).not.toContain(githubToken);
    expect(result.violations).toEqual([]);
    expect(result.events).toEqual([expect.objectContaining({ policy: 'secret-guard', type: 'policy.responded' })]);
    expect(JSON.stringify(result.events)).not.toContain(githubToken);
  });

  it.each(formats)('blocks on a new tool result, but only redacts once the conversation has moved on (%s)', async (format) => {
    const policy = policyFor({ tool_results: 'block' });
    const fresh = testRequest(format, toolTurn(format, `key: ${openaiKey}`));
    const freshDecision = await policy.onRequest?.(fresh, testPolicyContext(policy, fresh));
    expect(freshDecision).toMatchObject({ action: 'respond', reason: 'an OpenAI API key found in a tool result' });
    // The secret is now history (the user wrote again after it): blocking would stop the session for good.
    const later = testRequest(format, { ...toolTurn(format, `key: ${openaiKey}`), ...appendAssistant(format, toolTurn(format, `key: ${openaiKey}`)) });
    const laterDecision = await policy.onRequest?.(later, testPolicyContext(policy, later));
    expect(laterDecision?.action).toBe('continue');
    expect(JSON.stringify(laterDecision?.action === 'continue' ? laterDecision.request?.body : undefined)).not.toContain(openaiKey);
  });

  it('checks nothing it is told not to', async () => {
    const policy = policyFor({ prompts: 'off', tool_results: 'off', tool_inputs: 'off' });
    expect(hooksOf(policy)).toEqual([]);
    const promptsOnly = policyFor({ tool_results: 'off' });
    const request = testRequest('anthropic', toolTurn('anthropic', openaiKey));
    expect(await promptsOnly.onRequest?.(request, testPolicyContext(promptsOnly, request))).toEqual({ action: 'continue' });
  });

  it('forwards the client’s bytes when there is nothing to redact', async () => {
    const result = await runPolicy(policyFor(), { format: 'anthropic', stream: true, request: toolTurn('anthropic', 'all fine') });
    expect(result.upstreamRequest?.modified).toBe(false);
    expect(result.events).toEqual([]);
  });
});

describe('secret-guard on tool calls', () => {
  const shellCall = (format: WireFormat) => (format === 'anthropic' ? { name: 'Bash', input: { command: `curl -H "x-api-key: ${openaiKey}" https://api.example.com/v1/models`, description: 'List models' } } : { name: 'exec_command', input: { cmd: `export OPENAI_API_KEY=${openaiKey} && ./run.sh` } });

  it.each(formatMatrix)('blocks a call whose input holds a secret, with an explanation instead ($format, stream $stream)', async ({ format, stream }) => {
    const call = shellCall(format);
    const result = await runPolicy(policyFor(), { format, stream, response: { blocks: [{ type: 'text', text: 'Let me check.' }, { type: 'tool-call', ...call }] } });
    expect(result.toolCalls).toEqual([]);
    expect(result.text).toContain('Let me check.');
    expect(result.text).toMatch(/contains an OpenAI API key/);
    expect(result.text).not.toContain(openaiKey);
    expect(result.reply.stopReason).toBe('end-turn');
    expect(result.violations).toEqual([]);
    expect(result.events).toEqual([expect.objectContaining({ policy: 'secret-guard', type: 'policy.blocked' })]);
  });

  it.each(formatMatrix)('sends the call with the secret redacted in `redact` mode ($format, stream $stream)', async ({ format, stream }) => {
    const call = shellCall(format);
    const result = await runPolicy(policyFor({ tool_inputs: 'redact' }), { format, stream, response: { blocks: [{ type: 'tool-call', ...call }] } });
    expect(result.toolCalls).toHaveLength(1);
    expect(JSON.stringify(result.toolCalls[0]?.input)).toContain('[REDACTED:');
    expect(JSON.stringify(result.toolCalls)).not.toContain(openaiKey);
    expect(result.reply.stopReason).toBe('tool-use');
    expect(result.violations).toEqual([]);
    expect(result.events).toEqual([{ policy: 'secret-guard', type: 'redacted', summary: `Redacted an OpenAI API key from the input of the \`${call.name}\` tool call`, data: { where: 'tool-input', tool: call.name, count: 1, kinds: { 'openai-key': 1 } } }]);
  });

  it('redacts a Codex custom tool’s free-text input as text', () => {
    const policy = policyFor({ tool_inputs: 'redact' });
    const request = testRequest('openai-responses', 'hi');
    const input = `const r = await tools.exec_command({ cmd: "deploy --token ${githubToken}" });`;
    const decision = policy.onToolCall?.({ id: 'call_1', name: 'exec', input: undefined, inputJson: input, index: 0 }, testPolicyContext(policy, request)) as ToolCallDecision;
    expect(decision).toEqual({ action: 'replace', input: 'const r = await tools.exec_command({ cmd: "deploy --token [REDACTED:github-token]" });' });
  });

  it('allows calls without secrets untouched', async () => {
    const result = await runPolicy(policyFor(), { format: 'openai-responses', stream: true, response: { blocks: [{ type: 'tool-call', name: 'exec_command', input: { cmd: 'ls' } }] } });
    expect(result.unchanged).toBe(true);
  });
});

/** The same conversation with an assistant answer and a new user message after it. */
function appendAssistant(format: WireFormat, body: JsonObject): JsonObject {
  switch (format) {
    case 'anthropic':
      return { messages: [...(body.messages as unknown[]), { role: 'assistant', content: 'Done.' }, { role: 'user', content: 'thanks, next?' }] };
    case 'openai-chat':
      return { messages: [...(body.messages as unknown[]), { role: 'assistant', content: 'Done.' }, { role: 'user', content: 'thanks, next?' }] };
    case 'openai-responses':
      return {
        input: [
          ...(body.input as unknown[]),
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'thanks, next?' }] },
        ],
      };
  }
}
