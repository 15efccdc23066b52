import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { ChildServer } from './child-server.js';
import { startScriptedUpstream } from './start-scripted-upstream.js';
import { formatTable } from './format-table.js';
import { judgeBenchWorkload, JUDGE_MODEL, PACED_EVENT_GAP_MS, type JudgeBenchFormat, type JudgeBenchWorkload, type Pacing } from './judge-bench-workload.js';
import { sendMarkedRequest, sendWholeRequest, type MarkTiming } from './judge-timed-request.js';
import { percentile } from './percentile.js';
import { startLuthien } from './start-luthien.js';
import { makeTemporaryDirectory } from './temporary-directory.js';

/**
 * `npm run bench -- --judge`: what tool-call-judge adds to a tool-call response beyond the judge's
 * own time, and whether it delays the text before the call. Two gateways in front of the scripted
 * upstream, one without a policy and one with tool-call-judge, whose judge is the scripted upstream
 * answering after a fixed delay D (scripted in the tool input). For each client API the same
 * streaming request (20 words of text, then a shell call) goes to both, one at a time, interleaved
 * with the judge's own request sent straight to the upstream:
 *
 * - added beyond the judge = tool call's arrival (judge) − tool call's arrival (no policy) − judge alone;
 * - the text before the call: first text delta (judge) vs (no policy).
 */

export interface JudgeBenchOptions {
  readonly formats: readonly JudgeBenchFormat[];
  readonly requests: number;
  readonly warmup: number;
  readonly delayMs: number;
  readonly out: string | undefined;
}

interface Summary {
  readonly p50: number;
  readonly p95: number;
}

export interface JudgeFormatResult {
  readonly format: JudgeBenchFormat;
  readonly pacing: Pacing;
  readonly requests: number;
  readonly firstText: { readonly noPolicy: Summary; readonly judge: Summary };
  readonly toolCall: { readonly noPolicy: Summary; readonly judge: Summary };
  /** The judge's own request, sent straight to the scripted upstream. */
  readonly judgeAlone: Summary;
  /** p50 and p95 of tool call (judge) − tool call (no policy) − judge alone, each figure from its own distribution. */
  readonly addedBeyondJudge: Summary;
  /** The same with the scripted delay D in place of the judge's measured time. */
  readonly addedBeyondDelay: Summary;
}

const USAGE = 'usage: npm run bench -- --judge [--formats anthropic,openai-responses] [--requests N] [--warmup N] [--judge-delay MS] [--out FILE]';

export function parseJudgeBenchOptions(argv: readonly string[]): JudgeBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      formats: { type: 'string', default: 'anthropic,openai-responses' },
      requests: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '30' },
      'judge-delay': { type: 'string', default: '50' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const formats = values.formats.split(',').map((name) => name.trim());
  for (const name of formats) if (name !== 'anthropic' && name !== 'openai-responses') throw new Error(`--formats: unknown format "${name}"\n${USAGE}`);
  return {
    formats: formats as JudgeBenchFormat[],
    requests: whole('--requests', values.requests, 1),
    warmup: whole('--warmup', values.warmup, 0),
    delayMs: whole('--judge-delay', values['judge-delay'], 0),
    out: values.out,
  };
}

function whole(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${flag} must be a whole number ≥ ${min}, got ${text}\n${USAGE}`);
  return value;
}

/** Runs the judge bench and prints its table; `baseEnv` has the developer's own gateway settings removed. */
export async function runJudgeBench(argv: readonly string[], baseEnv: NodeJS.ProcessEnv, progress: (message: string) => void): Promise<void> {
  const options = parseJudgeBenchOptions(argv);
  const loadAtStart = loadavg()[0] ?? 0;
  const temp = await makeTemporaryDirectory('luthien-bench-judge-');
  const children: ChildServer[] = [];
  const pools: Pool[] = [];
  try {
    const upstream = await startScriptedUpstream(baseEnv, progress);
    children.push(upstream.server);
    const upstreamUrl = upstream.url;

    const policyFile = join(temp.path, 'judge-policy.yaml');
    // cache_minutes 0: every request is judged (the bench repeats one call in one session).
    await writeFile(policyFile, `${JSON.stringify({ policy: { name: 'tool-call-judge', config: { judge: { model: JUDGE_MODEL }, cache_minutes: 0 } } })}\n`);
    progress('starting Luthien without a policy, and Luthien with tool-call-judge (recording off for both)');
    const plain = await startLuthien({ name: 'luthien (no policy)', baseEnv, upstreamUrl, env: { RECORD_CALLS: 'false', DATA_DIR: join(temp.path, 'plain') }, profileDir: undefined });
    children.push(plain.server);
    const judged = await startLuthien({
      name: 'luthien (tool-call-judge)',
      baseEnv,
      upstreamUrl,
      env: { RECORD_CALLS: 'false', DATA_DIR: join(temp.path, 'judge'), POLICY_CONFIG: policyFile, POLICY_SOURCE: 'file' },
      profileDir: undefined,
    });
    children.push(judged.server);
    const pool = (url: string): Pool => {
      const created = new Pool(url, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
      pools.push(created);
      return created;
    };
    const targets = { plain: pool(plain.url), judged: pool(judged.url), upstream: pool(upstreamUrl) };

    const results: JudgeFormatResult[] = [];
    for (const format of options.formats) {
      for (const pacing of ['paced', 'burst'] as const) {
        progress(`${format}, ${pacing}: ${options.warmup} warm-up and ${options.requests} measured rounds (no policy, tool-call-judge, judge alone), judge delay ${options.delayMs} ms`);
        results.push(await measureFormat(judgeBenchWorkload(format, pacing, options.delayMs), targets, options));
      }
    }
    const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}; load average ${loadAtStart.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)}`;
    process.stdout.write(`\n${machine}\n\n${formatJudgeResults(results, options)}\n`);
    if (options.out !== undefined) {
      const out = resolve(options.out);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, `${JSON.stringify({ generatedAt: new Date().toISOString(), machine, options, results }, null, 2)}\n`);
      progress(`results written to ${out}`);
    }
  } finally {
    await Promise.all(pools.map((created) => created.close()));
    await Promise.all(children.map((child) => child.stop()));
    await temp.remove();
  }
}

async function measureFormat(workload: JudgeBenchWorkload, targets: { plain: Pool; judged: Pool; upstream: Pool }, options: JudgeBenchOptions): Promise<JudgeFormatResult> {
  const marks = { text: workload.textMark, tool: workload.toolMark, end: workload.endMark };
  const plain: MarkTiming[] = [];
  const judged: MarkTiming[] = [];
  const alone: number[] = [];
  // Interleaved, one request at a time: drift in the machine's load falls on all three alike.
  for (let round = 0; round < options.warmup + options.requests; round++) {
    const measured = round >= options.warmup;
    const a = await sendMarkedRequest(targets.plain, workload, marks);
    const b = await sendMarkedRequest(targets.judged, workload, marks);
    const c = await sendWholeRequest(targets.upstream, workload.judge);
    if (!measured) continue;
    plain.push(a);
    judged.push(b);
    alone.push(c);
  }
  const summary = (values: readonly number[]): Summary => ({ p50: percentile(values, 50), p95: percentile(values, 95) });
  const toolPlain = summary(plain.map((timing) => timing.toolMs));
  const toolJudged = summary(judged.map((timing) => timing.toolMs));
  const judgeAlone = summary(alone);
  return {
    format: workload.format,
    pacing: workload.pacing,
    requests: options.requests,
    firstText: { noPolicy: summary(plain.map((timing) => timing.textMs)), judge: summary(judged.map((timing) => timing.textMs)) },
    toolCall: { noPolicy: toolPlain, judge: toolJudged },
    judgeAlone,
    addedBeyondJudge: { p50: toolJudged.p50 - toolPlain.p50 - judgeAlone.p50, p95: toolJudged.p95 - toolPlain.p95 - judgeAlone.p95 },
    addedBeyondDelay: { p50: toolJudged.p50 - toolPlain.p50 - options.delayMs, p95: toolJudged.p95 - toolPlain.p95 - options.delayMs },
  };
}

export function formatJudgeResults(results: readonly JudgeFormatResult[], options: JudgeBenchOptions): string {
  const ms = (value: number): string => value.toFixed(2);
  const pair = (summary: Summary): string => `${ms(summary.p50)} / ${ms(summary.p95)}`;
  const rows = results.map((result) => [
    `${result.format}, ${result.pacing}`,
    pair(result.firstText.noPolicy),
    pair(result.firstText.judge),
    `${(result.firstText.judge.p50 / result.firstText.noPolicy.p50).toFixed(2)}×`,
    pair(result.toolCall.noPolicy),
    pair(result.toolCall.judge),
    pair(result.judgeAlone),
    pair(result.addedBeyondJudge),
    pair(result.addedBeyondDelay),
  ]);
  const headers = ['format, stream', 'first text, none', 'first text, judge', 'ratio p50', 'tool call, none', 'tool call, judge', 'judge alone', 'added beyond judge', `added beyond D`];
  return [
    `Cost of judging: tool-call-judge, judge answering after D = ${options.delayMs} ms; ${options.requests} sequential streaming requests per target (ms, p50 / p95)`,
    `paced: the model's events ${PACED_EVENT_GAP_MS} ms apart; burst: the whole answer in one write. "tool call" is when the client has the complete call.`,
    '',
    formatTable(headers, rows),
  ].join('\n');
}
