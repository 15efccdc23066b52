import { describe, expect, it } from 'vitest';
import type { WireFormat } from '../../src/core/wire-format.js';
import { formatInterventionMessage } from '../../src/policy/format-intervention-message.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { closedPort } from './support/closed-port.js';
import { startJudgeGateway } from './support/judge-gateway.js';
import { clientReply } from './support/judge-reply.js';
import { postAgentTurn, SHELL_TOOL, shellCall } from './support/judge-requests.js';
import { waitFor } from './support/wait-for.js';

/*
 * A judge that fails never lets a call pass silently: by default the call is blocked with a message
 * saying the judge could not review it; with `on_judge_error: allow` it passes and the response ends
 * with a visible note. Either way a `judge.failed` event is in the call's record and the activity feed.
 */

interface Failure {
  readonly name: string;
  /** Written in the tool input: the scripted upstream, acting as the judge, reads it from the case. */
  readonly directive: string;
  readonly judge: (port: number) => Record<string, unknown>;
  readonly kind: string;
  readonly why: string;
  /** Judge requests the scripted upstream receives (retries included); 0 when the judge is elsewhere. */
  readonly requests: number;
  /** Attempts the judge client made before giving up. */
  readonly attempts: number;
}

const failures: readonly Failure[] = [
  { name: 'an answer that is no verdict', directive: 'mock:verdict-malformed', judge: () => ({ max_retries: 2 }), kind: 'malformed', why: 'its answer was not a verdict', requests: 3, attempts: 3 },
  { name: 'a 500', directive: 'mock:error:500', judge: () => ({ max_retries: 1 }), kind: 'http', why: 'it answered with HTTP 500', requests: 2, attempts: 2 },
  { name: 'no answer in time', directive: 'mock:hang', judge: () => ({ timeout_ms: 150, max_retries: 0 }), kind: 'timeout', why: 'it did not answer in time', requests: 1, attempts: 1 },
  {
    name: 'an unreachable judge',
    directive: '',
    judge: (port) => ({ base_url: `http://127.0.0.1:${port}/v1`, api: 'openai', credential: 'none', max_retries: 1 }),
    kind: 'unreachable',
    why: 'it could not be reached',
    requests: 0,
    attempts: 2,
  },
];

const formats: readonly WireFormat[] = ['anthropic', 'openai-chat', 'openai-responses'];
const cases = failures.flatMap((failure) => formats.flatMap((format) => [true, false].map((stream) => ({ failure, format, stream, label: failure.name }))));

const startGateway = closedAfterEach(startJudgeGateway);

async function failingJudge(failure: Failure, format: WireFormat, stream: boolean, onJudgeError: 'block' | 'allow') {
  const judge = { model: 'judge-model', retry_delay_ms: 1, ...failure.judge(await closedPort()) };
  const gateway = await startGateway({ name: 'tool-call-judge', config: { judge, on_judge_error: onJudgeError } });
  const answer = await postAgentTurn(gateway.url, format, { prompt: `Clean up. ${shellCall(format, `rm -rf build ${failure.directive}`)}`, stream });
  expect(answer.status).toBe(200);
  expect(gateway.judgeRequests()).toHaveLength(failure.requests);
  const record = await gateway.recordOf(answer);
  const failed = record.policyEvents.filter((event) => event.type === 'judge.failed');
  expect(failed).toEqual([
    expect.objectContaining({
      policy: 'tool-call-judge',
      data: expect.objectContaining({ model: 'judge-model', kind: failure.kind, attempts: failure.attempts, error: expect.any(String) as unknown }) as unknown,
    }),
  ]);
  const decisions = await gateway.decisionsOf(answer);
  expect(decisions.filter((event) => event.decision === 'judge.failed')).toEqual([
    expect.objectContaining({ policy: 'tool-call-judge', summary: expect.stringMatching(new RegExp(`^judge judge-model failed \\(${failure.kind}\\): `)) as unknown }),
  ]);
  return { reply: clientReply(format, answer, stream), record };
}

describe.each(cases)('$label on $format (stream: $stream)', ({ failure, format, stream }) => {
  const tool = SHELL_TOOL[format];

  it('blocks the call by default, saying the judge could not review it', async () => {
    const { reply, record } = await failingJudge(failure, format, stream, 'block');
    expect(reply.calls).toEqual([]);
    const reason = `the safety judge could not review it (${failure.why}), and unreviewed calls are blocked`;
    expect(reply.text).toContain(formatInterventionMessage('blocked_tool_call', { policy: 'tool-call-judge', tool, reason }));
    expect(record.policyEvents.map((event) => event.type)).toEqual(['judge.failed', 'policy.blocked']);
  });

  it('with on_judge_error: allow, lets it through and says so at the end of the response', async () => {
    const { reply, record } = await failingJudge(failure, format, stream, 'allow');
    expect(reply.calls.map((call) => call.name)).toEqual([tool]);
    expect(reply.text).toContain(`⚠️ The safety judge could not review the \`${tool}\` tool call (${failure.why}). It was allowed without review.`);
    expect(reply.stop).toBe(format === 'anthropic' ? 'tool_use' : format === 'openai-chat' ? 'tool_calls' : 'completed');
    expect(record.policyEvents.map((event) => event.type)).toEqual(['judge.failed', 'policy.appended']);
  });
});

describe('the policy’s hook timeout bounds the judge, retries included', () => {
  it.each([true, false])('past it the failure mode decides, not on_judge_error, and the judge call is abandoned (stream: %s)', async (stream) => {
    const gateway = await startGateway({ name: 'tool-call-judge', timeout_ms: 300, config: { judge: { model: 'judge-model', timeout_ms: 10_000 }, on_judge_error: 'allow' } });
    const answer = await postAgentTurn(gateway.url, 'anthropic', { prompt: shellCall('anthropic', 'make clean mock:hang'), stream });
    const reply = clientReply('anthropic', answer, stream);
    expect(reply.calls).toEqual([]);
    expect(reply.text).toContain(formatInterventionMessage('policy_failed', { policy: 'tool-call-judge', what: 'the `Bash` tool call', error: 'it did not answer within 300 ms' }));
    const record = await gateway.recordOf(answer);
    expect(record.policyEvents[0]).toEqual(
      expect.objectContaining({ type: 'policy.failed', data: expect.objectContaining({ hook: 'onToolCall', timedOut: true, failureMode: 'fail_closed' }) as unknown }),
    );
    // The abandoned judge call reports itself once its request has been torn down, which may be after
    // the call's record was written: the activity feed shows it either way.
    const callId = String(answer.headers['x-luthien-call-id']);
    const abandoned = await waitFor(
      () => gateway.activity.of(callId).find((event) => event.type === 'policy.decision' && event.decision === 'judge.failed'),
      5_000,
      'the judge.failed event',
    );
    expect(abandoned).toMatchObject({ policy: 'tool-call-judge', summary: expect.stringMatching(/^judge judge-model failed \(aborted\): /) as unknown });
  });
});
