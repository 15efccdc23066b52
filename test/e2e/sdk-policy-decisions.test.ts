import { describe, expect, it } from 'vitest';
import { createStateKey, type Policy } from '../../src/core/policy.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { ask, BASH_TOOL, startSdkHarness, textOf } from './sdk-harness.js';
import { chatAsk, EXEC_CHAT_TOOL, EXEC_RESPONSES_TOOL, responsesAsk, startOpenAISdkHarness } from './openai-sdk-harness.js';

/*
 * The official SDKs parse what the runtime makes of policy decisions: a blocked tool call replaced by
 * its explanation, the call that remains, text appended before it, a stop reason corrected.
 */

const seen = createStateKey('sdk-test.calls', () => ({ count: 0 }));

/** Blocks the first tool call of each response (all of them with `everyCall`), and appends a note. */
function guard(everyCall: boolean): Policy {
  return {
    name: 'guard',
    onToolCall: (_call, ctx) => (everyCall || ctx.state(seen).count++ === 0 ? { action: 'block', reason: 'the first call is never run' } : { action: 'allow' }),
    onResponse: () => ({ action: 'append', blocks: [{ type: 'text', text: ' [checked]' }], reason: 'note' }),
  };
}

const EXPLANATION = /tool call was blocked by the guard policy, so it was not run\.\nReason: the first call is never run\./;

const startAnthropic = closedAfterEach(startSdkHarness);
const startOpenAI = closedAfterEach(startOpenAISdkHarness);

describe('the Anthropic SDK', () => {
  it('streams a blocked call’s explanation, the appended text and the remaining call, with stop_reason tool_use', async () => {
    const harness = await startAnthropic({ policy: guard(false) });
    const final = await harness.client.messages.stream(ask('mock:tools:2', { tools: [BASH_TOOL] })).finalMessage();
    expect(final.content.map((block) => block.type)).toEqual(['text', 'text', 'text', 'tool_use']);
    expect(textOf(final)).toMatch(EXPLANATION);
    expect(textOf(final).endsWith(' [checked]')).toBe(true);
    expect(final.stop_reason).toBe('tool_use');
  });

  it('ends the turn when every call is blocked, streaming or not', async () => {
    const harness = await startAnthropic({ policy: guard(true) });
    const streamed = await harness.client.messages.stream(ask('mock:tools:2', { tools: [BASH_TOOL] })).finalMessage();
    const whole = await harness.client.messages.create(ask('mock:tools:2', { tools: [BASH_TOOL] }));
    for (const message of [streamed, whole]) {
      expect(message.content.every((block) => block.type === 'text')).toBe(true);
      expect(textOf(message)).toMatch(EXPLANATION);
      expect(message.stop_reason).toBe('end_turn');
    }
  });
});

describe('the OpenAI SDK', () => {
  it('chat: the explanation in the content, the remaining call, finish_reason tool_calls; streamed and not', async () => {
    const target = await startOpenAI({ gateway: { policy: guard(false) } });
    const whole = await target.client.chat.completions.create(chatAsk('mock:tools:2', { tools: [EXEC_CHAT_TOOL] }));
    const streamed = await target.client.chat.completions.stream(chatAsk('mock:tools:2', { tools: [EXEC_CHAT_TOOL] })).finalChatCompletion();
    for (const completion of [whole, streamed]) {
      const choice = completion.choices[0];
      expect(choice?.message.content).toMatch(EXPLANATION);
      expect(choice?.message.content?.endsWith(' [checked]')).toBe(true);
      expect(choice?.message.tool_calls).toHaveLength(1);
      expect(choice?.finish_reason).toBe('tool_calls');
    }
  });

  it('responses: the explanation in output_text and one function call left; all blocked leaves none', async () => {
    const target = await startOpenAI({ gateway: { policy: guard(false) } });
    const streamed = await target.client.responses.stream(responsesAsk('mock:tools:2', { tools: [EXEC_RESPONSES_TOOL] })).finalResponse();
    const whole = await target.client.responses.create(responsesAsk('mock:tools:2', { tools: [EXEC_RESPONSES_TOOL] }));
    for (const response of [streamed, whole]) {
      expect(response.output_text).toMatch(EXPLANATION);
      expect(response.output.filter((item) => item.type === 'function_call')).toHaveLength(1);
      expect(response.status).toBe('completed');
    }

    const blocked = await startOpenAI({ gateway: { policy: guard(true) } });
    const none = await blocked.client.responses.stream(responsesAsk('mock:tools:2', { tools: [EXEC_RESPONSES_TOOL] })).finalResponse();
    expect(none.output.filter((item) => item.type === 'function_call')).toEqual([]);
    expect(none.output_text).toMatch(EXPLANATION);
  });
});
