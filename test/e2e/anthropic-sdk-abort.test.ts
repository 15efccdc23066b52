import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { startBeforeEach } from '../helpers/closed-after.js';
import { ask, eventually, startSdkHarness, type SdkHarness } from './sdk-harness.js';

let harness: SdkHarness;
startBeforeEach(startSdkHarness, (started) => {
  harness = started;
});

/** The outcome the gateway logged for its calls, oldest first. */
function callOutcomes(): unknown[] {
  return harness.gateway.logs.filter((line) => line.msg === 'call').map((line) => line.outcome);
}

describe('a client that goes away aborts the upstream request', () => {
  it('while the upstream is still silent (before any response headers)', async () => {
    const { upstream } = harness.gateway;
    const stream = harness.client.messages.stream(ask('mock:hang'));
    const ended = stream.done().catch((error: unknown) => error);
    // The gateway holds its headers until real content arrives, so the only sign of progress is upstream.
    expect(await eventually(() => upstream.requests.length === 1)).toBe(true);

    stream.abort();

    expect(await ended).toBeInstanceOf(Anthropic.APIUserAbortError);
    expect(await eventually(() => upstream.abortedStreams === 1)).toBe(true);
    expect(await eventually(() => callOutcomes().includes('aborted'))).toBe(true);
  });

  it('in the middle of a streamed answer', async () => {
    const { upstream } = harness.gateway;
    const controller = new AbortController();
    const stream = harness.client.messages.stream(ask('mock:slow:200 mock:text:50'), { signal: controller.signal });
    const deltas: string[] = [];
    const error = await (async () => {
      try {
        for await (const event of stream) {
          if (event.type !== 'content_block_delta' || event.delta.type !== 'text_delta') continue;
          deltas.push(event.delta.text);
          controller.abort();
        }
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    // The abort came right after the first delta, with the upstream still 49 words from done.
    expect(deltas).toEqual(['word1']);
    expect(error).toBeInstanceOf(Anthropic.APIUserAbortError);
    expect(await eventually(() => upstream.abortedStreams === 1)).toBe(true);
    expect(await eventually(() => callOutcomes().includes('aborted'))).toBe(true);
  });
});
