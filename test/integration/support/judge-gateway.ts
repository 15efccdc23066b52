import type { IncomingHttpHeaders } from 'node:http';
import type { CallRecord } from '../../../src/core/call-record.js';
import type { ActivityEvent } from '../../../src/events/activity-event.js';
import type { MockUpstream, RecordedRequest } from '../../../src/mock-upstream/mock-upstream.js';
import { watchActivity, type ActivityWatcher } from '../../faults/support/activity-watcher.js';
import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';
import type { Exchange } from './http-exchange.js';
import { ADMIN_KEY } from './policy-admin.js';
import { writePolicyFile } from './policy-file.js';
import { waitFor } from './wait-for.js';

/** A judge request the scripted upstream received: where it went, with which key, and what it asked. */
export interface SeenJudgeRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The judge's instructions (its system prompt). */
  readonly system: string;
  /** The case: the conversation and the item judged. */
  readonly user: string;
}

export interface JudgeGateway {
  readonly url: string;
  /** The scripted upstream: the agent's model, and the judge's unless the policy points elsewhere. */
  readonly upstream: MockUpstream;
  readonly gateway: TestGateway;
  readonly activity: ActivityWatcher;
  /** The call's record, once the recorder has it. */
  recordOf(answer: Exchange): Promise<CallRecord>;
  /** The policy decisions the activity feed showed for the call, once it completed. */
  decisionsOf(answer: Exchange): Promise<Extract<ActivityEvent, { type: 'policy.decision' }>[]>;
  /** The judge requests the scripted upstream received so far. */
  judgeRequests(): SeenJudgeRequest[];
  /** The agent's own requests (everything but judge requests). */
  agentRequests(): RecordedRequest[];
  close(): Promise<void>;
}

/** A policy entry of the configuration: `{ name, config, on_failure?, timeout_ms? }`. */
export type PolicyEntry = Readonly<Record<string, unknown>> & { readonly name: string };

/**
 * A gateway running `policy` from a POLICY_CONFIG file (as an operator would configure it, so the
 * definitions' defaults apply), recording into a collecting recorder, with its activity feed watched.
 */
export async function startJudgeGateway(policy: PolicyEntry, env: Record<string, string> = {}): Promise<JudgeGateway> {
  const records: CallRecord[] = [];
  const recorder = {
    keepHeaders: (_headers: IncomingHttpHeaders): Record<string, string> => ({}),
    record: (call: CallRecord): void => void records.push(call),
  };
  // JSON is YAML: the file is written as the operator's YAML would parse.
  const file = await writePolicyFile(`${JSON.stringify({ policy })}\n`);
  const gateway = await startTestGateway({ recorder, env: { ADMIN_API_KEY: ADMIN_KEY, POLICY_CONFIG: file, POLICY_SOURCE: 'file', ...env } });
  let activity: ActivityWatcher;
  try {
    activity = await watchActivity(gateway.url, ADMIN_KEY);
  } catch (error) {
    await gateway.close();
    throw error;
  }
  const callIdOf = (answer: Exchange): string => String(answer.headers['x-luthien-call-id']);
  return {
    url: gateway.url,
    upstream: gateway.upstream,
    gateway,
    activity,
    recordOf: (answer) => waitFor(() => records.find((record) => record.callId === callIdOf(answer)), 5_000, `the record of ${callIdOf(answer)}`),
    async decisionsOf(answer) {
      const callId = callIdOf(answer);
      await waitFor(() => (activity.of(callId).some((event) => event.type === 'call.completed') ? true : undefined), 5_000, `call.completed of ${callId}`);
      return activity.of(callId).filter((event): event is Extract<ActivityEvent, { type: 'policy.decision' }> => event.type === 'policy.decision');
    },
    judgeRequests: () => gateway.upstream.requests.flatMap((request) => judgeRequest(request) ?? []),
    agentRequests: () => gateway.upstream.requests.filter((request) => judgeRequest(request) === undefined),
    async close() {
      await activity.close();
      await gateway.close();
    },
  };
}

const JUDGE_INSTRUCTIONS = ['You review tool calls', 'You check an AI assistant'];

/** The request as a judge request (an Anthropic or a Chat Completions one), or undefined when it is the agent's. */
export function judgeRequest(request: RecordedRequest): SeenJudgeRequest | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const messages = Array.isArray(body.messages) ? (body.messages as Record<string, unknown>[]) : [];
  const anthropic = request.path.startsWith('/v1/messages');
  const system = anthropic ? body.system : messages[0]?.role === 'system' ? messages[0].content : undefined;
  const user = anthropic ? messages[0]?.content : messages[1]?.content;
  if (typeof system !== 'string' || typeof user !== 'string' || !JUDGE_INSTRUCTIONS.some((start) => system.startsWith(start))) return undefined;
  return { path: request.path, headers: request.headers, system, user };
}
