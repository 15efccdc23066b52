import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { anthropicCodec } from '../formats/anthropic/anthropic-codec.js';
import { createLogger } from '../observability/logger.js';
import { CallRecording, callRecordOf } from './call-recording.js';
import { startCall } from './call-state.js';

function recordedCall(): { recording: CallRecording; record: () => ReturnType<typeof callRecordOf> } {
  const recording = new CallRecording();
  const state = startCall('call-1', anthropicCodec, new EventEmitter() as unknown as ServerResponse, createLogger('silent'), recording);
  return { recording, record: () => callRecordOf(state, recording) };
}

describe("a call's recording", () => {
  it("takes the user's newest words as the request arrives, whatever becomes of the parsed request", () => {
    const { recording, record } = recordedCall();
    const newest = { role: 'user', content: [{ type: 'text', text: 'run the tests' }] };
    const request = { model: 'claude-test', messages: [{ role: 'user', content: 'hello' }, { role: 'assistant', content: 'hi' }, newest] };
    const bytes = Buffer.from(JSON.stringify(request));
    recording.receivedRequest(request, bytes);
    newest.content = [{ type: 'text', text: 'changed later' }];
    expect(record()).toMatchObject({ originalRequest: request, originalRequestBytes: bytes, userText: 'run the tests' });
  });

  it('keeps the headers with their JSON text, made as they are kept', () => {
    const { recording, record } = recordedCall();
    const headers = { 'user-agent': 'claude-cli/1.0.98', 'x-app': 'cli' };
    recording.keptHeaders(headers);
    expect(record()).toMatchObject({ requestHeaders: headers, requestHeadersJson: JSON.stringify(headers) });
  });

  it('has no user text nor headers text for a call whose request never parsed', () => {
    const { record } = recordedCall();
    expect(record()).toMatchObject({ originalRequest: undefined, userText: undefined, requestHeaders: {}, requestHeadersJson: undefined });
  });
});
