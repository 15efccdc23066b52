import OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { waitFor } from '../integration/support/wait-for.js';
import { callOutcomes, chatAsk, responsesAsk, startOpenAISdkHarness, words, type OpenAISdkHarness } from './openai-sdk-harness.js';

// Slow enough that the upstream is still far from done when the client aborts after the first word.
const LONG_SLOW_ANSWER = 'mock:text:500 mock:slow:20';

let harness: OpenAISdkHarness;
const startHarness = closedAfterEach(startOpenAISdkHarness);
beforeEach(async () => {
  // No copy of the response bodies: a teed body would keep the connection open after the SDK aborts.
  harness = await startHarness({ recordRaw: false });
});

/**
 * What the test saw of an aborted stream: its text deltas up to the abort (a delta already read off
 * the socket in the same chunk may still be handed out after it), and what the reading threw, if anything.
 */
interface AbortedRead {
  readonly deltas: string[];
  readonly thrown: unknown;
}

const routes = [
  {
    route: 'chat completions',
    /** `stream.controller.abort()` on the raw stream after the first text delta. */
    abortRawStream: async (client: OpenAI): Promise<AbortedRead> => {
      const stream = await client.chat.completions.create({ ...chatAsk(LONG_SLOW_ANSWER), stream: true });
      const deltas: string[] = [];
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta.content ?? '';
        if (text === '' || stream.controller.signal.aborted) continue;
        deltas.push(text);
        stream.controller.abort();
      }
      return { deltas, thrown: undefined };
    },
    /** An AbortController given to the streaming helper, fired after the first text delta. */
    abortHelper: async (client: OpenAI): Promise<AbortedRead> => {
      const controller = new AbortController();
      const stream = client.chat.completions.stream(chatAsk(LONG_SLOW_ANSWER), { signal: controller.signal });
      const deltas: string[] = [];
      stream.on('content', (delta) => {
        if (controller.signal.aborted) return;
        deltas.push(delta);
        controller.abort();
      });
      const thrown = await stream.finalChatCompletion().then(
        () => undefined,
        (error: unknown) => error,
      );
      return { deltas, thrown };
    },
    answer: async (client: OpenAI) => (await client.chat.completions.create(chatAsk('mock:text:3'))).choices[0]?.message.content,
  },
  {
    route: 'responses',
    abortRawStream: async (client: OpenAI): Promise<AbortedRead> => {
      const stream = await client.responses.create({ ...responsesAsk(LONG_SLOW_ANSWER), stream: true });
      const deltas: string[] = [];
      for await (const event of stream) {
        if (event.type !== 'response.output_text.delta' || stream.controller.signal.aborted) continue;
        deltas.push(event.delta);
        stream.controller.abort();
      }
      return { deltas, thrown: undefined };
    },
    abortHelper: async (client: OpenAI): Promise<AbortedRead> => {
      const controller = new AbortController();
      const stream = client.responses.stream(responsesAsk(LONG_SLOW_ANSWER), { signal: controller.signal });
      const deltas: string[] = [];
      stream.on('response.output_text.delta', (event) => {
        if (controller.signal.aborted) return;
        deltas.push(event.delta);
        controller.abort();
      });
      const thrown = await stream.finalResponse().then(
        () => undefined,
        (error: unknown) => error,
      );
      return { deltas, thrown };
    },
    answer: async (client: OpenAI) => (await client.responses.create(responsesAsk('mock:text:3'))).output_text,
  },
];

describe.each(routes)('$route: an OpenAI SDK client that aborts its stream aborts the upstream request', ({ abortRawStream, abortHelper, answer }) => {
  /** The upstream saw the abort, the gateway logged it, and the gateway still answers. */
  async function expectAbortHandled(): Promise<void> {
    const { upstream } = harness.gateway;
    await waitFor(() => (upstream.abortedStreams === 1 ? true : undefined), 3_000, 'the upstream to see the abort');
    await waitFor(() => (callOutcomes(harness.gateway).includes('aborted') ? true : undefined), 3_000, 'the aborted call to be logged');
    expect(callOutcomes(harness.gateway)).toEqual(['aborted']);

    expect(await answer(harness.client)).toBe(words(3));
    expect(upstream.requests).toHaveLength(2);
  }

  it('with stream.controller.abort() after the first text delta (the iteration just ends)', async () => {
    const { deltas, thrown } = await abortRawStream(harness.client);

    expect(deltas).toEqual(['word1']);
    expect(thrown).toBeUndefined();
    await expectAbortHandled();
  });

  it('with an AbortSignal given to the streaming helper (the helper rejects with APIUserAbortError)', async () => {
    const { deltas, thrown } = await abortHelper(harness.client);

    expect(deltas).toEqual(['word1']);
    expect(thrown).toBeInstanceOf(OpenAI.APIUserAbortError);
    await expectAbortHandled();
  });
});
