import { readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../core/stream-part.js';
import { anthropicCodec } from '../formats/anthropic/anthropic-codec.js';
import type { StreamInvariants } from '../formats/format-codec.js';
import { createLogger } from '../observability/logger.js';
import { CallRecording, callRecordOf } from './call-recording.js';
import { startCall, type CallState } from './call-state.js';
import { PartSink } from './part-sink.js';
import { ResponseTap } from './response-tap.js';

/** The parts of a recorded Anthropic stream, in the reads they arrived in. */
function fixtureReads(file: string, reads: number): StreamPart[][] {
  const bytes = readFileSync(new URL(`../formats/anthropic/__fixtures__/${file}`, import.meta.url));
  const decoder = anthropicCodec.createDecoder();
  const size = Math.ceil(bytes.length / reads);
  return Array.from({ length: reads }, (_, read) => decoder.push(bytes.subarray(read * size, (read + 1) * size)));
}

/** What folding every part once gives. */
function folded(parts: readonly StreamPart[]) {
  const tap = new ResponseTap();
  tap.observe(parts);
  return tap.result();
}

/** A call being recorded, answered into a response with no socket (its bytes are kept, not sent). */
function recordedCall(): CallState {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  return startCall('call-1', anthropicCodec, res, createLogger('silent'), new CallRecording());
}

/** The format's invariants, except that `change` may rewrite what they let through. */
function invariantsWith(change: (part: StreamPart) => StreamPart[]): StreamInvariants {
  const inner = anthropicCodec.createInvariants({ id: 'msg_x', model: 'claude-test' });
  return {
    apply: (part) => inner.apply(part).flatMap(change),
    get isEnded() {
      return inner.isEnded;
    },
    get violations() {
      return inner.violations;
    },
  };
}

describe('PartSink relaying the upstream’s parts', () => {
  it('folds them once: the client’s answer is the upstream’s own', async () => {
    const reads = fixtureReads('tool-use.sse', 4);
    const state = recordedCall();
    const sink = new PartSink(state, anthropicCodec.createInvariants({ id: 'msg_x', model: 'claude-test' }), {}, { relaysUpstream: true });
    for (const parts of reads) await sink.accept(parts);
    await sink.finish();
    expect(state.recording?.clientFollowsUpstream).toBe(true);
    const record = callRecordOf(state, state.recording);
    expect(record.upstreamResponse).toEqual(folded(reads.flat()));
    expect(record.clientResponse).toBe(record.upstreamResponse);
  });

  it('folds the client’s parts apart from the first one the invariants change, with all that came before', async () => {
    const reads = fixtureReads('text.sse', 3);
    const all = reads.flat();
    const firstText = all.findIndex((part) => part.type === 'text-delta');
    const changed = (part: StreamPart): StreamPart[] => (part === all[firstText] && part.type === 'text-delta' ? [{ ...part, text: part.text.toUpperCase() }] : [part]);
    const state = recordedCall();
    const sink = new PartSink(state, invariantsWith(changed), {}, { relaysUpstream: true });
    for (const parts of reads) await sink.accept(parts);
    await sink.finish();
    const record = callRecordOf(state, state.recording);
    expect(state.recording?.clientFollowsUpstream).toBe(false);
    expect(record.upstreamResponse).toEqual(folded(all));
    expect(record.clientResponse).toEqual(folded(all.flatMap(changed)));
    expect(record.clientResponse).not.toEqual(record.upstreamResponse);
  });

  it('still folds into the upstream’s tap what arrived after an early error was answered', async () => {
    const [parts = []] = fixtureReads('text.sse', 1);
    const error: StreamPart = { type: 'error', kind: 'overloaded', message: 'busy', origin: { format: 'anthropic', data: { type: 'error' } } };
    const state = recordedCall();
    const sink = new PartSink(state, anthropicCodec.createInvariants({ id: 'msg_x', model: 'claude-test' }), {}, { relaysUpstream: true });
    expect(await sink.accept([error, ...parts])).toBe(false);
    const record = callRecordOf(state, state.recording);
    expect(record.upstreamResponse).toEqual(folded(parts));
  });

  it('leaves the client’s tap to the caller’s parts when it does not relay the upstream', async () => {
    const reads = fixtureReads('text.sse', 2);
    const state = recordedCall();
    const sink = new PartSink(state, anthropicCodec.createInvariants({ id: 'msg_x', model: 'claude-test' }), {});
    for (const parts of reads) await sink.accept(parts);
    await sink.finish();
    const record = callRecordOf(state, state.recording);
    expect(state.recording?.clientFollowsUpstream).toBe(false);
    expect(record.upstreamResponse).toBeUndefined();
    expect(record.clientResponse).toEqual(folded(reads.flat()));
  });
});
