import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/core/call-record.js';
import type { Policy, ToolCallDecision } from '../../src/core/policy.js';
import type { WireFormat } from '../../src/core/wire-format.js';
import type { CallRecorder } from '../../src/pipeline/handle-model-call.js';
import { promptBody } from '../../src/policy/testing/index.js';
import { watchActivity } from '../faults/support/activity-watcher.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { expectValidOutput } from '../helpers/validate-output.js';
import { postChat, postMessages, postResponses, type Exchange } from './support/http-exchange.js';
import { startSseUpstream } from './support/sse-upstream.js';
import { ADMIN_KEY, writePolicyDir, zodUrl } from './support/policy-admin.js';
import { writePolicyFile } from './support/policy-file.js';
import { waitFor } from './support/wait-for.js';

/*
 * The policy runtime through a real gateway: interventions and failures in the call's record and the
 * activity feed, on every format, with the output validator checking every response (the test
 * gateway fails the test on any violation it logs).
 */

class CollectingRecorder implements CallRecorder {
  readonly records: CallRecord[] = [];
  keepHeaders(_headers: IncomingHttpHeaders): Record<string, string> {
    return {};
  }
  record(call: CallRecord): void {
    this.records.push(call);
  }
}

const posts: Readonly<Record<WireFormat, (url: string, body: string) => Promise<Exchange>>> = {
  anthropic: postMessages,
  'openai-chat': postChat,
  'openai-responses': postResponses,
};

const formats = Object.keys(posts) as WireFormat[];
const cases = formats.flatMap((format) => [true, false].map((stream) => ({ format, stream })));

function post(url: string, format: WireFormat, prompt: string, stream: boolean): Promise<Exchange> {
  return posts[format](url, JSON.stringify(promptBody(format, prompt, stream)));
}

const startGateway = closedAfterEach(async (policy: Policy, env: Record<string, string> = {}) => {
  const recorder = new CollectingRecorder();
  const gateway = await startTestGateway({ policy, recorder, env: { ADMIN_API_KEY: ADMIN_KEY, ...env } });
  const activity = await watchActivity(gateway.url, ADMIN_KEY);
  return {
    url: gateway.url,
    activity,
    async recordOf(answer: Exchange): Promise<CallRecord> {
      const callId = answer.headers['x-luthien-call-id'];
      return waitFor(() => recorder.records.find((record) => record.callId === callId), 5_000, `the record of ${String(callId)}`);
    },
    async decisionsOf(answer: Exchange): Promise<unknown[]> {
      const callId = String(answer.headers['x-luthien-call-id']);
      await waitFor(() => (activity.of(callId).some((event) => event.type === 'call.completed') ? true : undefined), 5_000, 'call.completed');
      return activity.of(callId).filter((event) => event.type === 'policy.decision');
    },
    async close() {
      await activity.close();
      await gateway.close();
    },
  };
});

/** What a reply says, whatever the format: its text, its tool calls' names and its stop. */
function replyOf(format: WireFormat, answer: Exchange, stream: boolean): { text: string; tools: string[]; stop: string } {
  const bodies = stream ? answer.text.split('\n').filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]').map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>) : [JSON.parse(answer.text) as Record<string, unknown>];
  const all = JSON.stringify(bodies);
  const stop = format === 'anthropic' ? /"stop_reason":"(\w+)"/g : format === 'openai-chat' ? /"finish_reason":"(\w+)"/g : /"status":"(completed|incomplete)"/g;
  const stops = [...all.matchAll(stop)].map((match) => match[1] ?? '');
  const tools = [...all.matchAll(/"type":"(?:tool_use|function_call)"[^}]*?"name":"(\w+)"|"function":\{"name":"(\w+)"/g)].map((match) => match[1] ?? match[2] ?? '');
  return { text: all, tools: [...new Set(tools)], stop: stops.at(-1) ?? '' };
}

const plainStop: Readonly<Record<WireFormat, string>> = { anthropic: 'end_turn', 'openai-chat': 'stop', 'openai-responses': 'completed' };

describe.each(cases)('$format (stream: $stream)', ({ format, stream }) => {
  it('a blocked tool call: the explanation instead, a plain stop, and the intervention in the record and the feed', async () => {
    const guard: Policy = { name: 'guard', onToolCall: (call) => (call.name === 'exec_command' ? { action: 'block', reason: 'commands are off today' } : { action: 'allow' }) };
    const gateway = await startGateway(guard);
    const answer = await post(gateway.url, format, 'mock:tool', stream);
    expect(answer.status).toBe(200);
    expectValidOutput(format, stream ? { stream: true, text: answer.text } : { stream: false, body: JSON.parse(answer.text) as unknown });
    const reply = replyOf(format, answer, stream);
    expect(reply.text).toContain('tool call was blocked by the guard policy, so it was not run.');
    expect(reply.tools).toEqual([]);
    expect(reply.stop).toBe(plainStop[format]);

    const record = await gateway.recordOf(answer);
    expect(record.stopReason).toBe('end-turn');
    expect(record.policyEvents).toEqual([
      expect.objectContaining({ policy: 'guard', type: 'policy.blocked', summary: 'commands are off today', data: expect.objectContaining({ hook: 'onToolCall', tool: 'exec_command', reason: 'commands are off today', input: expect.any(Object) as unknown }) as unknown }),
    ]);
    expect(await gateway.decisionsOf(answer)).toEqual([expect.objectContaining({ policy: 'guard', decision: 'policy.blocked', summary: 'commands are off today' })]);
  });
});

/** A hook that fails: it throws, or it never answers (the gateway runs with a short hook timeout). */
const failing: Readonly<Record<'throws' | 'hangs', () => never | Promise<never>>> = {
  throws: () => {
    throw new Error('the checker crashed');
  },
  hangs: () => new Promise<never>(() => undefined),
};

const hookPolicies: Readonly<Record<string, (fail: () => never | Promise<never>) => Policy>> = {
  onRequest: (fail) => ({ name: 'flaky', onRequest: fail }),
  onTextDelta: (fail) => ({ name: 'flaky', onTextDelta: fail }),
  onTextBlock: (fail) => ({ name: 'flaky', onTextBlock: fail }),
  onToolCall: (fail) => ({ name: 'flaky', onToolCall: fail }),
  onResponse: (fail) => ({ name: 'flaky', onResponse: fail }),
  onPart: (fail) => ({ name: 'flaky', onPart: (part) => (part.type === 'text-delta' ? fail() : part) }),
};

describe('a failing hook fails closed: withheld, explained, recorded and shown in the feed', () => {
  const failures = Object.keys(hookPolicies).flatMap((hook) => (['throws', 'hangs'] as const).flatMap((how) => [true, false].map((stream) => ({ hook, how, stream }))));
  it.each(failures)('$hook $how (stream: $stream)', async ({ hook, how, stream }) => {
    const policy = (hookPolicies[hook] as (fail: () => never | Promise<never>) => Policy)(failing[how]);
    const gateway = await startGateway(policy, { POLICY_HOOK_TIMEOUT_MS: '50' });
    const answer = await post(gateway.url, 'anthropic', 'mock:tool', stream);
    expect(answer.status).toBe(200);
    const reply = replyOf('anthropic', answer, stream);
    expect(reply.text).toContain('The flaky policy could not check');
    if (hook === 'onToolCall') expect(reply.tools).toEqual([]);

    const record = await gateway.recordOf(answer);
    const failed = record.policyEvents.filter((event) => event.type === 'policy.failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ policy: 'flaky', data: { hook, timedOut: how === 'hangs', failureMode: 'fail_closed', error: how === 'hangs' ? 'timed out after 50 ms' : 'the checker crashed' } });
    expect(record.outcome).toBe(hook === 'onRequest' ? 'responded-by-policy' : 'completed');
    const decisions = await gateway.decisionsOf(answer);
    expect(decisions[0]).toMatchObject({ policy: 'flaky', decision: 'policy.failed', summary: expect.stringContaining(hook) as unknown });
  });
});

describe('a failing hook of a fail_open policy passes the content, and the failure is still recorded', () => {
  const module = `import { z } from '${zodUrl}';
export default {
  name: 'flaky-open',
  description: 'fails every tool call check',
  configSchema: z.strictObject({}),
  create: () => ({ name: 'flaky-open', onToolCall: () => { throw new Error('the checker crashed'); } }),
};
`;
  it.each([true, false])('stream: %s', async (stream) => {
    const dir = await writePolicyDir({ 'flaky-open.mjs': module });
    const file = await writePolicyFile('policy:\n  name: flaky-open\n  on_failure: fail_open\n');
    const recorder = new CollectingRecorder();
    const gateway = await startTestGateway({ recorder, env: { POLICY_DIR: dir, POLICY_CONFIG: file, POLICY_SOURCE: 'file' } });
    try {
      const answer = await post(gateway.url, 'openai-chat', 'mock:tool', stream);
      expect(answer.status).toBe(200);
      expect(replyOf('openai-chat', answer, stream).tools).toEqual(['exec_command']);
      const callId = answer.headers['x-luthien-call-id'];
      const record = await waitFor(() => recorder.records.find((candidate) => candidate.callId === callId), 5_000, 'the record');
      expect(record.policyEvents).toEqual([expect.objectContaining({ policy: 'flaky-open', type: 'policy.failed', data: expect.objectContaining({ hook: 'onToolCall', failureMode: 'fail_open' }) as unknown })]);
    } finally {
      await gateway.close();
    }
  });
});

describe('tool calls are judged at once', () => {
  it('the second call’s hook starts while the first’s is still waiting, and the order of calls is kept', async () => {
    const log: string[] = [];
    let secondStarted: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (secondStarted = resolve));
    let calls = 0;
    const policy: Policy = {
      name: 'waits-for-the-second',
      onToolCall: async (call): Promise<ToolCallDecision> => {
        const position = ++calls;
        log.push(`start ${position} ${call.id}`);
        // The first call's verdict waits until the second call's hook has started: judged one at a
        // time, this would never resolve (and the hook would time out, failing closed).
        if (position === 1) await second;
        else secondStarted();
        log.push(`done ${position}`);
        return { action: 'allow' };
      },
    };
    const gateway = await startGateway(policy);
    const answer = await post(gateway.url, 'anthropic', 'mock:tools:2', true);
    expect(log.map((line) => line.replace(/ toolu_\w+$/, ''))).toEqual(['start 1', 'start 2', 'done 2', 'done 1']);
    const record = await gateway.recordOf(answer);
    expect(record.policyEvents).toEqual([]);
    const ids = record.clientResponse?.blocks.flatMap((block) => (block.type === 'tool-call' ? [block.id] : []));
    expect(ids).toEqual(log.filter((line) => line.startsWith('start')).map((line) => line.split(' ')[2]));
    expect(record.stopReason).toBe('tool-use');
  });
});

describe('onResponse on Anthropic', () => {
  it.each([true, false])('appended text goes before the trailing tool call (stream: %s)', async (stream) => {
    const policy: Policy = { name: 'footer', onResponse: () => ({ action: 'append', blocks: [{ type: 'text', text: 'Reviewed by Luthien.' }], reason: 'footer' }) };
    const gateway = await startGateway(policy);
    const answer = await post(gateway.url, 'anthropic', 'mock:tool', stream);
    expectValidOutput('anthropic', stream ? { stream: true, text: answer.text } : { stream: false, body: JSON.parse(answer.text) as unknown });
    const record = await gateway.recordOf(answer);
    expect(record.clientResponse?.blocks.map((block) => (block.type === 'text' ? block.text : block.type))).toEqual(['Let me run that.', 'Reviewed by Luthien.', 'tool-call']);
    expect(record.stopReason).toBe('tool-use');
    expect(record.policyEvents).toEqual([expect.objectContaining({ policy: 'footer', type: 'policy.appended' })]);
  });
});

describe('STREAM_VALIDATION', () => {
  /** A stream no invariant repairs: a text delta inside a tool_use block. */
  const invalid = [
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":0}}}\n\n',
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"Bash","input":{}}}\n\n',
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"oops"}}\n\n',
    'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
    'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":1}}\n\n',
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
  ].join('');
  const startSse = closedAfterEach(startSseUpstream);

  it('logs each violation of a response sent, with the call, format and rule; the test gateway fails the test on it', async () => {
    const upstream = await startSse({ events: invalid });
    const lenient = await startTestGateway({ env: { ANTHROPIC_UPSTREAM_URL: upstream.url }, allowOutputViolations: true });
    const answer = await post(lenient.url, 'anthropic', 'hi', true);
    expect(answer.status).toBe(200);
    await lenient.close();
    expect(lenient.outputViolations()).toEqual([
      expect.objectContaining({ level: 40, callId: answer.headers['x-luthien-call-id'], format: 'anthropic', stream: true, rule: 'delta-type-mismatch' }),
    ]);

    const strict = await startTestGateway({ env: { ANTHROPIC_UPSTREAM_URL: upstream.url } });
    await post(strict.url, 'anthropic', 'hi', true);
    await expect(strict.close()).rejects.toThrow(/invalid response part\(s\) \(STREAM_VALIDATION\):\n {2}- anthropic call .*: delta-type-mismatch/);
  });

  it('is off unless asked for', async () => {
    const upstream = await startSse({ events: invalid });
    const gateway = await startTestGateway({ env: { ANTHROPIC_UPSTREAM_URL: upstream.url, STREAM_VALIDATION: 'off' } });
    await post(gateway.url, 'anthropic', 'hi', true);
    await gateway.close();
    expect(gateway.outputViolations()).toEqual([]);
  });
});
