import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/integration/support/wait-for.js';
import { startTestGateway, type TestGateway } from '../../test/helpers/start-test-gateway.js';
import type { CallRecord } from '../core/call-record.js';
import { continueRequest, createStateKey, type Policy } from '../core/policy.js';
import { runClaudeCodeSession } from './__test-support__/claude-code-session.js';
import { runCodexSession } from './__test-support__/codex-session.js';
import { CollectingRecorder } from './__test-support__/collecting-recorder.js';
import { expectGolden } from './__test-support__/golden.js';
import { normalizeRecords } from './__test-support__/normalize-records.js';
import { exportSessionJsonl } from './export-session-jsonl.js';
import { exportSessionMarkdown } from './export-session-markdown.js';
import { reconstructTurns } from './reconstruct-turns.js';

const loud = createStateKey('history-test-loud', () => ({ on: false }));

/** Upper-cases the answer (and tags the request) when the user asks for it LOUDLY: an intervention to show. */
const shoutWhenAsked: Policy = {
  name: 'shout-when-asked',
  onRequest: (request, ctx) => {
    if (!request.lastUserText().includes('LOUDLY')) return continueRequest;
    ctx.state(loud).on = true;
    ctx.emit({ type: 'policy.shout-when-asked.shouted', summary: 'upper-cased the answer' });
    return { action: 'continue', request: request.withField('luthien_loud', true) };
  },
  onTextDelta: (text, ctx) => (ctx.state(loud).on ? text.toUpperCase() : text),
};

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** Runs a session through a real gateway and returns its records, normalised for golden output. */
async function recordSession(run: (url: string) => Promise<void>, expectedCalls: number): Promise<CallRecord[]> {
  const recorder = new CollectingRecorder();
  gateway = await startTestGateway({ recorder, policy: shoutWhenAsked });
  await run(gateway.url);
  await waitFor(() => (recorder.records.length >= expectedCalls ? true : undefined), 5_000, `${expectedCalls} records`);
  expect(recorder.records).toHaveLength(expectedCalls);
  return normalizeRecords(recorder.records);
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

async function* paged(records: readonly CallRecord[]): AsyncGenerator<readonly CallRecord[]> {
  // Pages of two, as a store reading a session page by page would hand them over.
  for (let i = 0; i < records.length; i += 2) yield await Promise.resolve(records.slice(i, i + 2));
}

describe('a recorded Claude Code session', () => {
  it('is rebuilt as turns without repeating the history, and exported, as the golden files say', async () => {
    const records = await recordSession(runClaudeCodeSession, 7);
    const turns = reconstructTurns(records);

    // The facts the golden files must keep, checked here so a bad golden update cannot hide them.
    expect(turns.map((turn) => [turn.thread?.kind, turn.callIds])).toEqual([
      ['main', ['call-01']],
      ['side', ['call-02']],
      ['main', ['call-03', 'call-04']],
      ['main', ['call-05']],
      ['main', ['call-06']],
      ['main', ['call-07']],
    ]);
    const userTexts = turns.flatMap((turn) => turn.input.flatMap((message) => message.blocks.flatMap((block) => (block.type === 'text' ? [block.text] : []))));
    expect(userTexts.filter((text) => text.startsWith('Hi!'))).toHaveLength(2); // main thread and title call, once each
    expect(turns[2]?.output.find((block) => block.type === 'tool-call')).toMatchObject({ name: 'Bash', result: { callId: 'call-05', content: [{ type: 'text', text: 'README.md\npackage.json\nsrc\n' }] } });
    expect(turns[3]?.input).toEqual([]);
    expect(turns[4]).toMatchObject({ outputChangedByPolicy: true, requestChangedByPolicy: true, interventions: [{ policy: 'shout-when-asked' }] });
    expect(turns[5]?.input[0]?.blocks[0]).toEqual({ type: 'image', mediaType: 'image/png', sourceType: 'base64', bytes: 70 });

    expectGolden('claude-code-session.turns.json', `${JSON.stringify(turns, null, 2)}\n`);
    expectGolden('claude-code-session.md', await collect(exportSessionMarkdown(paged(records))));
    expectGolden('claude-code-session.jsonl', await collect(exportSessionJsonl(paged(records))));
  });
});

describe('a recorded Codex session', () => {
  it('is rebuilt as turns without repeating the resent items, and exported, as the golden files say', async () => {
    const records = await recordSession(runCodexSession, 4);
    const turns = reconstructTurns(records);

    expect(turns.map((turn) => turn.callIds)).toEqual([['call-01'], ['call-02'], ['call-03'], ['call-04']]);
    expect(turns.every((turn) => turn.thread?.id === 1 && turn.thread.kind === 'main' && !turn.branch)).toBe(true);
    expect(turns[0]?.output.find((block) => block.type === 'tool-call')).toMatchObject({ name: 'exec_command', result: { callId: 'call-02' } });
    expect(turns[1]?.input).toEqual([]);
    expect(turns[3]?.input).toEqual([{ role: 'user', blocks: [{ type: 'text', text: 'Thanks!' }] }]);

    expectGolden('codex-session.turns.json', `${JSON.stringify(turns, null, 2)}\n`);
    expectGolden('codex-session.md', await collect(exportSessionMarkdown(records)));
    expectGolden('codex-session.jsonl', await collect(exportSessionJsonl(records)));
  });
});
