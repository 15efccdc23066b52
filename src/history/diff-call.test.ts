import { describe, expect, it } from 'vitest';
import type { RecordedResponse } from '../core/call-record.js';
import { anthropicCall, text, toolCall, userText } from './__test-support__/call-record.js';
import { diffCall, diffResponses } from './diff-call.js';
import { diffJson } from './json-diff.js';

const response = (blocks: RecordedResponse['blocks'], overrides: Partial<RecordedResponse> = {}): RecordedResponse => ({ blocks, stopReason: 'end-turn', usage: {}, complete: true, ...overrides });

describe('the request diff', () => {
  it('names fields added, removed and changed by their paths', () => {
    const before = { model: 'claude-a', max_tokens: 100, metadata: { user_id: 'u' }, messages: [{ role: 'user', content: 'hi' }] };
    const after = { model: 'claude-b', metadata: { user_id: 'u' }, messages: [{ role: 'user', content: 'hi' }], luthien_tag: 'seen', 'odd key': 1 };
    expect(diffJson(before, after)).toEqual({
      changes: [
        { op: 'change', path: '$.model', before: 'claude-a', after: 'claude-b' },
        { op: 'remove', path: '$.max_tokens', before: 100 },
        { op: 'add', path: '$.luthien_tag', after: 'seen' },
        { op: 'add', path: '$["odd key"]', after: 1 },
      ],
      omitted: 0,
    });
  });

  it('shows a message a policy inserted as one addition, not every later message shifted', () => {
    const messages = [userText('one'), { role: 'assistant', content: '1' }, userText('two')];
    const inserted = [messages[0], messages[1], { role: 'user', content: 'Policy: be careful.' }, messages[2]];
    expect(diffJson({ messages }, { messages: inserted }).changes).toEqual([{ op: 'add', path: '$.messages[2]', after: { role: 'user', content: 'Policy: be careful.' } }]);
  });

  it('pairs an edited item with its old self, down to the field that changed', () => {
    const before = { messages: [userText('a'), { role: 'user', content: [{ type: 'text', text: 'secret plan' }] }] };
    const after = { messages: [userText('a'), { role: 'user', content: [{ type: 'text', text: '[redacted] plan' }] }] };
    expect(diffJson(before, after).changes).toEqual([{ op: 'change', path: '$.messages[1].content[0].text', before: 'secret plan', after: '[redacted] plan' }]);
  });

  it('clips long strings to the part that changed, with some context', () => {
    const long = 'x'.repeat(5000);
    const [change] = diffJson({ system: `${long}OLD${long}` }, { system: `${long}NEW${long}` }).changes;
    expect(change).toEqual({
      op: 'change',
      path: '$.system',
      before: `[4960 chars]…${'x'.repeat(40)}OLD${'x'.repeat(40)}…[4960 chars]`,
      after: `[4960 chars]…${'x'.repeat(40)}NEW${'x'.repeat(40)}…[4960 chars]`,
    });
  });

  it('clips long values added whole and stops at the limit, counting what it left out', () => {
    const added = diffJson({}, { blob: 'y'.repeat(1000) }).changes[0];
    expect(added).toEqual({ op: 'add', path: '$.blob', after: `${'y'.repeat(240)}… [760 more chars]` });
    const many = diffJson({}, Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`k${i}`, i])));
    expect([many.changes.length, many.omitted]).toEqual([200, 50]);
  });

  it('is null when the upstream never got a request', () => {
    const call = anthropicCall([userText('hi')], [text('x')], { finalRequest: undefined });
    expect(diffCall(call).request).toBeNull();
  });

  it('is empty when no policy touched the request', () => {
    expect(diffCall(anthropicCall([userText('hi')], [text('x')])).request).toEqual({ changes: [], omitted: 0 });
  });
});

describe('the response diff', () => {
  it('shows a text a policy rewrote as a change of its text', () => {
    const diff = diffResponses(response([text('hello'), toolCall('t1', 'Bash', { command: 'ls' })]), response([text('HELLO'), toolCall('t1', 'Bash', { command: 'ls' })]));
    expect(diff).toEqual({ blocks: [{ op: 'change', before: 0, after: 0, type: 'text', changes: [{ op: 'change', path: '$.text', before: 'hello', after: 'HELLO' }] }], stopReason: null, complete: null });
  });

  it('shows a blocked tool call as removed and its notice as added, with the stop reason', () => {
    const upstream = response([text('Sure.'), toolCall('t1', 'Bash', { command: 'rm -rf /' })], { stopReason: 'tool-use' });
    const client = response([text('Sure.'), text('[A policy blocked a Bash call]')]);
    expect(diffResponses(upstream, client)).toEqual({
      blocks: [
        { op: 'remove', before: 1, block: { type: 'tool-call', id: 't1', name: 'Bash', input: { command: 'rm -rf /' }, inputJson: '{"command":"rm -rf /"}' } },
        { op: 'add', after: 1, block: { type: 'text', text: '[A policy blocked a Bash call]' } },
      ],
      stopReason: { before: 'tool-use', after: 'end-turn' },
      complete: null,
    });
  });

  it('shows a changed tool input by its field, once', () => {
    const diff = diffResponses(response([toolCall('t1', 'Bash', { command: 'rm -rf /' })]), response([toolCall('t1', 'Bash', { command: 'echo safe' })]));
    expect(diff.blocks).toEqual([{ op: 'change', before: 0, after: 0, type: 'tool-call', changes: [{ op: 'change', path: '$.input.command', before: 'rm -rf /', after: 'echo safe' }] }]);
  });

  it('is empty when both sides got the same answer, and null when one side has none', () => {
    const same = anthropicCall([userText('hi')], [text('x')]);
    expect(diffCall(same).response).toEqual({ blocks: [], stopReason: null, complete: null });
    expect(diffCall({ ...same, clientResponse: undefined }).response).toBeNull();
  });
});
