import type { JsonObject } from '../core/json.js';
import type { PolicyEvent } from '../core/policy.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import { callJudge, type JudgeResult } from './call-judge.js';
import { JudgeError } from './judge-error.js';
import type { JudgeQuery } from './judge-query.js';
import type { JudgeSettings } from './judge-settings.js';
import { resolveJudgeEndpoint, type JudgeEndpointSources, type JudgedCall } from './resolve-judge-endpoint.js';

/** What a policy's context offers to ask a judge: endpoint, key, retries and recording are handled. */
export interface JudgeService {
  /**
   * Asks the judge `settings` describe; resolves with a validated verdict or rejects with a JudgeError.
   * Every call, answered or not, is recorded on the judged call (prompt, verdict, latency, tokens) and
   * shown in the activity feed.
   */
  ask<T>(settings: JudgeSettings, query: JudgeQuery<T>, signal?: AbortSignal): Promise<JudgeResult<T>>;
}

export interface JudgeServiceDeps extends JudgeEndpointSources {
  readonly upstream: Pick<UpstreamClient, 'send'>;
}

/** A judge service for one call: `judged` says (when asked) which backend and credential the call uses. */
export function createJudgeService(deps: JudgeServiceDeps, judged: () => JudgedCall, emit: (event: PolicyEvent) => void): JudgeService {
  return {
    async ask<T>(settings: JudgeSettings, query: JudgeQuery<T>, signal?: AbortSignal): Promise<JudgeResult<T>> {
      const prompt = { system: query.system, user: query.user };
      let endpointName = settings.base_url ?? settings.backend ?? '(the call’s backend)';
      try {
        const endpoint = resolveJudgeEndpoint(settings, deps, judged());
        endpointName = endpoint.name;
        const result = await callJudge(deps.upstream, query, {
          endpoint,
          model: settings.model,
          timeoutMs: settings.timeout_ms,
          maxRetries: settings.max_retries,
          retryDelayMs: settings.retry_delay_ms,
          structuredOutput: settings.structured_output,
          ...(signal === undefined ? {} : { signal }),
        });
        emit({
          type: 'judge.verdict',
          summary: verdictSummary(settings.model, result),
          data: {
            ...callData(settings.model, endpointName, prompt),
            verdict: result.verdict as JsonObject,
            latencyMs: result.latencyMs,
            attempts: result.attempts,
            ...(result.usage.inputTokens === undefined ? {} : { inputTokens: result.usage.inputTokens }),
            ...(result.usage.outputTokens === undefined ? {} : { outputTokens: result.usage.outputTokens }),
          },
        });
        return result;
      } catch (error) {
        const failure = error instanceof JudgeError ? error : new JudgeError('unreachable', String(error), { attempts: 0, latencyMs: 0 });
        emit({
          type: 'judge.failed',
          summary: `judge ${settings.model} failed (${failure.kind}): ${failure.message}`,
          data: { ...callData(settings.model, endpointName, prompt), kind: failure.kind, error: failure.message, latencyMs: failure.details.latencyMs, attempts: failure.details.attempts, ...(failure.details.status === undefined ? {} : { status: failure.details.status }) },
        });
        throw failure;
      }
    },
  };
}

/** One line for the activity feed: the verdict, how long it took, and what it cost. */
function verdictSummary(model: string, result: JudgeResult<unknown>): string {
  const verdict = result.verdict as { probability?: unknown };
  const probability = typeof verdict.probability === 'number' ? `${verdict.probability.toFixed(2)} ` : '';
  const { inputTokens, outputTokens } = result.usage;
  const tokens = inputTokens === undefined && outputTokens === undefined ? '' : `, ${inputTokens ?? '?'} in / ${outputTokens ?? '?'} out tokens`;
  return `judge ${model}: ${probability}in ${result.latencyMs} ms (${result.attempts} ${result.attempts === 1 ? 'attempt' : 'attempts'}${tokens})`;
}

function callData(model: string, endpoint: string, prompt: { system: string; user: string }): JsonObject {
  return { model, endpoint, prompt };
}
