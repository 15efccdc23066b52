import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import { anthropicCall, assistantMessage, text, toolCall, toolResult, user, userText } from './__test-support__/call-record.js';
import { ScriptedClient } from './__test-support__/scripted-client.js';
import { reconstructTurns, streamTurns } from './reconstruct-turns.js';
import { TurnReconstructor } from './turn-reconstructor.js';
import type { Turn } from './turn.js';

/** The text blocks of a turn's input, message by message joined with '|'. */
function inputTexts(turn: Turn | undefined): string[] {
  return (turn?.input ?? []).flatMap((message) => message.blocks.flatMap((block) => (block.type === 'text' ? [block.text] : [])));
}

describe('history resent with every call', () => {
  it('shows each user message once, in the turn that added it', () => {
    const client = new ScriptedClient();
    const calls = [client.say('one', [text('first answer')]), client.say('two', [text('second answer')]), client.say('three', [text('third answer')])];
    const turns = reconstructTurns(calls);

    expect(turns.map(inputTexts)).toEqual([['one'], ['two'], ['three']]);
    expect(turns.map((turn) => turn.continues)).toEqual([null, calls[0]?.callId, calls[1]?.callId]);
    expect(turns.every((turn) => turn.thread?.id === 1 && turn.thread.kind === 'main' && !turn.branch)).toBe(true);
  });

  it('recognises history the client rewrote in form only: string or blocks, moved cache breakpoints, whitespace', () => {
    const first = anthropicCall([userText('hello')], [text('Hi there.')]);
    const second = anthropicCall(
      [
        user({ type: 'text', text: 'hello', cache_control: { type: 'ephemeral' } }),
        { role: 'assistant', content: 'Hi there.  ' },
        user({ type: 'text', text: 'next', cache_control: { type: 'ephemeral' } }),
      ],
      [text('ok')],
    );
    expect(reconstructTurns([first, second]).map(inputTexts)).toEqual([['hello'], ['next']]);
  });

  it('ignores the thinking the client sends back, and content it cleared from old tool results', () => {
    const client = new ScriptedClient();
    const first = client.say('run it', [{ type: 'thinking', thinking: 'hmm' }, text('Running.'), toolCall('t1', 'Bash', { command: 'ls' })]);
    const second = client.say([toolResult('t1', 'a\nb\n')], [text('Two files.')]);
    // Claude Code replaces old tool output to save context; the history is still the same.
    const cleared = client.history.map((message) =>
      Array.isArray(message.content) ? { ...message, content: (message.content as Record<string, unknown>[]).map((block) => (block.type === 'tool_result' ? { ...block, content: '[Old tool result content cleared]' } : block)) } : message,
    );
    const third = anthropicCall([...cleared, userText('and now?')], [text('Done.')]);
    const turns = reconstructTurns([first, second, third]);

    expect(turns.map(inputTexts)).toEqual([['run it'], [], ['and now?']]);
    expect(turns[0]?.output.map((block) => block.type)).toEqual(['thinking', 'text', 'tool-call']);
  });

  it('drops the resent thinking of an answer that had nothing else', () => {
    const client = new ScriptedClient();
    const calls = [client.say('think', [{ type: 'thinking', thinking: 'deep thought' }]), client.say('again', [text('fine')])];
    const turns = reconstructTurns(calls);
    expect(turns[1]?.input).toEqual([{ role: 'user', blocks: [{ type: 'text', text: 'again' }] }]);
  });
});

describe('tool results', () => {
  it('go to the tool call they answer, in the turn that made it', () => {
    const client = new ScriptedClient();
    const calls = [
      client.say('list files', [text('Let me look.'), toolCall('t1', 'Bash', { command: 'ls' }), toolCall('t2', 'Bash', { command: 'pwd' })]),
      client.say([toolResult('t1', 'README.md'), { ...toolResult('t2', 'denied'), is_error: true }], [text('Found README.md.')]),
    ];
    const turns = reconstructTurns(calls);

    expect(turns[0]?.output.slice(1)).toEqual([
      { type: 'tool-call', id: 't1', name: 'Bash', input: { command: 'ls' }, result: { callId: calls[1]?.callId, isError: false, content: [{ type: 'text', text: 'README.md' }] } },
      { type: 'tool-call', id: 't2', name: 'Bash', input: { command: 'pwd' }, result: { callId: calls[1]?.callId, isError: true, content: [{ type: 'text', text: 'denied' }] } },
    ]);
    expect(turns[1]).toMatchObject({ input: [], toolResultsFor: ['t1', 't2'] });
  });

  it('stay in the input, with the tool name, when their call was handed out long before', () => {
    const client = new ScriptedClient();
    const asked = client.say('run', [toolCall('t1', 'Bash', { command: 'sleep 100' })]);
    const side = Array.from({ length: 3 }, (_, i) => anthropicCall([userText(`side ${i}`)], [text('ok')], {}, {}));
    const answered = client.say([toolResult('t1', 'done')], [text('ok')]);
    const turns = reconstructTurns([asked, ...side, answered], { holdWindow: 2 });

    expect(turns[0]?.output[0]).toMatchObject({ type: 'tool-call', result: null });
    expect(turns[4]?.input).toEqual([{ role: 'user', blocks: [{ type: 'tool-result', toolCallId: 't1', toolName: 'Bash', isError: false, content: [{ type: 'text', text: 'done' }] }] }]);
  });
});

describe('side calls in the same session', () => {
  it('are their own thread, labelled side, and neither repeat nor reorder the main conversation', () => {
    const client = new ScriptedClient();
    const first = client.say('Fix the bug', [text('Looking.'), toolCall('t1', 'Bash', { command: 'grep bug' })]);
    const title = anthropicCall([userText('Fix the bug')], [text('Bug fix session')], {}, { system: 'Write a title.' });
    const subagent = anthropicCall([userText('Search the code for the bug')], [text('Found it in a.ts')], {}, { tools: [{ name: 'Grep', input_schema: {} }] });
    const second = client.say([toolResult('t1', 'a.ts:1: bug')], [text('Fixed.')]);
    const turns = reconstructTurns([first, title, subagent, second]);

    expect(turns.map((turn) => [turn.callIds[0], turn.thread?.id, turn.thread?.kind])).toEqual([
      [first.callId, 1, 'main'],
      [title.callId, 2, 'side'],
      [subagent.callId, 3, 'side'],
      [second.callId, 1, 'main'],
    ]);
    expect(turns[3]).toMatchObject({ continues: first.callId, branch: false, input: [] });
    expect(turns[0]?.output[1]).toMatchObject({ result: { content: [{ type: 'text', text: 'a.ts:1: bug' }] } });
  });

  it('that come first, without tools, wait to be labelled until the main conversation shows itself', () => {
    const title = anthropicCall([userText('Fix the bug')], [text('Bug fix session')], {}, {});
    const reconstructor = new TurnReconstructor();
    expect(reconstructor.push(title)).toEqual([]);
    const client = new ScriptedClient();
    const main = reconstructor.push(client.say('Fix the bug', [text('Sure.')]));
    expect(main.map((turn) => [turn.callIds[0], turn.thread?.kind])).toEqual([
      [title.callId, 'side'],
      [expect.any(String), 'main'],
    ]);
  });

  it('that copy the whole conversation do not make the next main call repeat it', () => {
    const client = new ScriptedClient();
    const one = client.say('one', [text('1')]);
    const two = client.say('two', [text('2')]);
    // A compaction-style call: the conversation so far plus its own request, by another agent.
    const summary = anthropicCall([...client.history, userText('Summarise the conversation.')], [text('We counted.')], {}, {});
    const three = client.say('three', [text('3')]);
    const turns = reconstructTurns([one, two, summary, three]);

    expect(turns.map(inputTexts)).toEqual([['one'], ['two'], ['Summarise the conversation.'], ['three']]);
    expect(turns[2]).toMatchObject({ thread: { id: 2, kind: 'side' }, continues: two.callId, branch: false });
    expect(turns[3]).toMatchObject({ thread: { id: 1, kind: 'main' }, continues: two.callId, branch: false });
  });

  it('that copy only the first message still say what they asked', () => {
    const client = new ScriptedClient();
    const first = client.say('Fix the bug', [text('Looking.')]);
    const title = anthropicCall([userText('Fix the bug')], [text('Bug fix session')], {}, {});
    const turns = reconstructTurns([first, title]);
    expect(turns[1]).toMatchObject({ thread: { id: 2, kind: 'side' }, input: [{ role: 'user', blocks: [{ type: 'text', text: 'Fix the bug' }] }] });
  });

  it('a conversation whose tools change as it goes stays one thread', () => {
    const before = new ScriptedClient();
    const one = before.say('one', [text('1')]);
    const later = anthropicCall([...before.history, userText('two')], [text('2')], {}, { tools: [{ name: 'Bash' }, { name: 'mcp__github__search' }] });
    const turns = reconstructTurns([one, later]);
    expect(turns.map((turn) => [turn.thread, turn.continues, turn.branch])).toEqual([
      [{ id: 1, kind: 'main' }, null, false],
      [{ id: 1, kind: 'main' }, one.callId, false],
    ]);
  });

  it('a plain chat without tools is one main thread', () => {
    const client = new ScriptedClient({});
    const turns = reconstructTurns([client.say('hi', [text('hello')]), client.say('bye', [text('goodbye')])]);
    expect(turns.map((turn) => turn.thread)).toEqual([
      { id: 1, kind: 'main' },
      { id: 1, kind: 'main' },
    ]);
  });
});

describe('retries and rewinds', () => {
  it('a failed call retried with the same history is one turn with the earlier attempt', () => {
    const client = new ScriptedClient();
    const failed = anthropicCall([userText('go')], [], {
      outcome: 'upstream-error',
      status: 529,
      stopReason: null,
      upstreamResponse: undefined,
      clientResponse: undefined,
      error: { code: 'UPSTREAM_HTTP_529', message: 'Overloaded' },
    });
    const retried = client.say('go', [text('Gone.')]);
    const turns = reconstructTurns([failed, retried]);

    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({ callIds: [failed.callId, retried.callId], outcome: 'completed', status: 200, output: [{ type: 'text', text: 'Gone.' }] });
    expect(turns[0]?.attempts).toEqual([{ callId: failed.callId, at: failed.receivedAt, outcome: 'upstream-error', status: 529, error: { code: 'UPSTREAM_HTTP_529', message: 'Overloaded' } }]);
    expect(turns[0]?.at).toBe(failed.receivedAt);
  });

  it('a stream cut short and retried joins its turn too', () => {
    const cut = { blocks: [text('Partial an')], stopReason: null, usage: {}, complete: false };
    const failed = anthropicCall([userText('go')], [], { outcome: 'failed', upstreamResponse: cut, clientResponse: cut, error: { code: 'UPSTREAM_STREAM_ERROR', message: 'x' } });
    const retried = anthropicCall([userText('go')], [text('Partial answer, whole.')]);
    expect(reconstructTurns([failed, retried]).map((turn) => turn.callIds)).toEqual([[failed.callId, retried.callId]]);
  });

  it('a client going back to an earlier point is a branch from there, with only the new message', () => {
    const client = new ScriptedClient();
    const one = client.say('one', [text('1')]);
    const two = client.say('two', [text('2')]);
    const edited = anthropicCall([userText('one'), assistantMessage([text('1')]), userText('two, edited')], [text('2b')]);
    const turns = reconstructTurns([one, two, edited]);

    expect(turns.map(inputTexts)).toEqual([['one'], ['two'], ['two, edited']]);
    expect(turns[2]).toMatchObject({ continues: one.callId, branch: true, thread: { id: 1 } });
  });
});

describe('what a turn shows', () => {
  it('images and documents as metadata, never their data', () => {
    const png = Buffer.from('not really a png, but 37 bytes long!!').toString('base64');
    const call = anthropicCall(
      [
        user(
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
          { type: 'document', title: 'Spec', source: { type: 'base64', media_type: 'application/pdf', data: png } },
          { type: 'text', text: 'look' },
        ),
      ],
      [text('seen')],
    );
    const [turn] = reconstructTurns([call]);

    expect(turn?.input[0]?.blocks).toEqual([
      { type: 'image', mediaType: 'image/png', sourceType: 'base64', bytes: 37 },
      { type: 'image', mediaType: null, sourceType: 'url', bytes: null },
      { type: 'document', mediaType: 'application/pdf', sourceType: 'base64', title: 'Spec', bytes: 37 },
      { type: 'text', text: 'look' },
    ]);
    expect(JSON.stringify(turn)).not.toContain(png);
  });

  it('the system prompt on the first turn and again when it changes', () => {
    const calls = [
      anthropicCall([userText('a')], [text('A')], {}, { system: 'Be brief.', tools: [] }),
      anthropicCall([userText('a'), assistantMessage([text('A')]), userText('b')], [text('B')], {}, { system: 'Be brief.', tools: [] }),
      anthropicCall([userText('a'), assistantMessage([text('A')]), userText('b'), assistantMessage([text('B')]), userText('c')], [text('C')], {}, { system: 'Be verbose.', tools: [] }),
    ];
    expect(reconstructTurns(calls).map((turn) => turn.system)).toEqual([[{ type: 'text', text: 'Be brief.' }], null, [{ type: 'text', text: 'Be verbose.' }]]);
  });

  it('the upstream answer and the interventions when a policy changed the answer', () => {
    const upstream = { blocks: [text('hello'), toolCall('t1', 'Bash', { command: 'rm -rf /' })], stopReason: 'tool-use' as const, usage: {}, complete: true };
    const client = { blocks: [text('hello'), text('[blocked a Bash call]')], stopReason: 'end-turn' as const, usage: {}, complete: true };
    const call = anthropicCall([userText('clean up')], [], {
      upstreamResponse: upstream,
      clientResponse: client,
      policyEvents: [{ policy: 'block-tool-calls', type: 'policy.block-tool-calls.blocked', summary: 'blocked Bash', at: 5 }],
    });
    const [turn] = reconstructTurns([call]);

    expect(turn).toMatchObject({ outputChangedByPolicy: true, output: [{ text: 'hello' }, { text: '[blocked a Bash call]' }], upstreamOutput: [{ text: 'hello' }, { type: 'tool-call', name: 'Bash', result: null }] });
    expect(turn?.interventions).toEqual([{ callId: call.callId, policy: 'block-tool-calls', type: 'policy.block-tool-calls.blocked', summary: 'blocked Bash' }]);
  });

  it('a request that could not be read as a turn outside any thread', () => {
    const rejected = anthropicCall([], [], { originalRequest: undefined, finalRequest: undefined, upstreamResponse: undefined, clientResponse: undefined, outcome: 'rejected', status: 400 });
    expect(reconstructTurns([rejected])).toEqual([expect.objectContaining({ thread: null, input: [], output: [], outcome: 'rejected', status: 400 })]);
  });
});

describe('other formats', () => {
  const chatCall = (messages: Record<string, unknown>[], blocks: CallRecord['clientResponse']): CallRecord =>
    anthropicCall([], [], { format: 'openai-chat', originalRequest: { model: 'gpt-5', messages, tools: [{ type: 'function', function: { name: 'exec' } }] }, clientResponse: blocks, upstreamResponse: blocks });

  it('Chat Completions: the system message is the prompt and tool messages answer tool calls', () => {
    const answer = { blocks: [toolCall('call_1', 'exec', { cmd: 'ls' })], stopReason: 'tool-use' as const, usage: {}, complete: true };
    const first = chatCall([{ role: 'system', content: 'You code.' }, { role: 'user', content: 'ls please' }], answer);
    const assistant = { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'exec', arguments: '{"cmd":"ls"}' } }] };
    const second = chatCall(
      [{ role: 'system', content: 'You code.' }, { role: 'user', content: 'ls please' }, assistant, { role: 'tool', tool_call_id: 'call_1', content: 'a.ts' }],
      { blocks: [text('One file.')], stopReason: 'end-turn', usage: {}, complete: true },
    );
    const turns = reconstructTurns([first, second]);

    expect(turns[0]).toMatchObject({ system: [{ type: 'text', text: 'You code.' }], input: [{ role: 'user', blocks: [{ type: 'text', text: 'ls please' }] }] });
    expect(turns[0]?.output[0]).toMatchObject({ result: { content: [{ type: 'text', text: 'a.ts' }] } });
    expect(turns[1]?.input).toEqual([]);
  });

  it('Responses with previous_response_id: only new items are sent, and they continue the conversation', () => {
    const responsesCall = (input: unknown[], answer: string, previous?: string): CallRecord =>
      anthropicCall([], [], {
        format: 'openai-responses',
        originalRequest: { model: 'gpt-5', input, ...(previous === undefined ? {} : { previous_response_id: previous }) },
        clientResponse: { blocks: [text(answer)], stopReason: 'end-turn', usage: {}, complete: true },
      });
    const turns = reconstructTurns([responsesCall([{ role: 'user', content: 'one' }], '1'), responsesCall([{ role: 'user', content: 'two' }], '2', 'resp_1')]);

    expect(turns.map(inputTexts)).toEqual([['one'], ['two']]);
    expect(turns[1]).toMatchObject({ thread: { id: 1 }, continues: turns[0]?.callIds[0] });
  });
});

describe('streaming', () => {
  it('hands out a turn as soon as nothing more can join it', () => {
    const client = new ScriptedClient();
    const reconstructor = new TurnReconstructor();
    expect(reconstructor.push(client.say('hi', [text('hello')])).map(inputTexts)).toEqual([['hi']]);
    // A tool call waits for its result…
    expect(reconstructor.push(client.say('run', [toolCall('t1', 'Bash', {})]))).toEqual([]);
    // …which comes with the next call, whose own turn then waits for nothing.
    const next = reconstructor.push(client.say([toolResult('t1', 'ok')], [text('done')]));
    expect(next.map((turn) => turn.index)).toEqual([1, 2]);
    expect(reconstructor.finish()).toEqual([]);
  });

  it('holds no more than the window, whatever the session length', () => {
    const reconstructor = new TurnReconstructor({ holdWindow: 4 });
    let handedOut = 0;
    for (let i = 0; i < 100; i++) {
      // Every answer is a tool call that is never answered: the worst case for holding.
      handedOut += reconstructor.push(anthropicCall([userText(`task ${i}`)], [toolCall(`t${i}`, 'Bash', {})])).length;
      expect(i + 1 - handedOut).toBeLessThanOrEqual(4);
    }
    expect(handedOut + reconstructor.finish().length).toBe(100);
  });

  it('reads pages of calls from an async source', async () => {
    const client = new ScriptedClient();
    const calls = [client.say('a', [text('A')]), client.say('b', [text('B')]), client.say('c', [text('C')])];
    async function* pages(): AsyncGenerator<readonly CallRecord[]> {
      yield await Promise.resolve(calls.slice(0, 2));
      yield await Promise.resolve(calls.slice(2));
    }
    const turns: Turn[] = [];
    for await (const turn of streamTurns(pages())) turns.push(turn);
    expect(turns).toEqual(reconstructTurns(calls));
  });
});
