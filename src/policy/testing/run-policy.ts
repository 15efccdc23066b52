import { isDeepStrictEqual } from 'node:util';
import type { RecordedResponse } from '../../core/call-record.js';
import type { JsonObject } from '../../core/json.js';
import type { Policy } from '../../core/policy.js';
import type { RequestView } from '../../core/request-view.js';
import type { StreamPart } from '../../core/stream-part.js';
import type { WireFormat } from '../../core/wire-format.js';
import type { FormatCodec } from '../../formats/format-codec.js';
import type { OutputViolation } from '../../formats/output-violation.js';
import { validateOutput, type FinishedOutput } from '../../formats/validate-output.js';
import { codecForFormat } from '../../history/codec-for-format.js';
import { ResponseTap } from '../../pipeline/response-tap.js';
import { textResponseParts } from '../../pipeline/text-response-parts.js';
import { configurePolicy, type ConfiguredPolicy, type MessageTemplates } from '../configured-policy.js';
import { PolicyChain, type PartTransform } from '../policy-chain.js';
import { scriptedParts, scriptedUpstream, type ScriptedResponse } from './scripted-response.js';
import { testPolicyCall, type RecordedPolicyEvent } from './test-policy-call.js';
import { testRequest } from './test-request.js';

export interface RunPolicyOptions {
  readonly format: WireFormat;
  /** Whether the client (and the scripted upstream) stream. */
  readonly stream: boolean;
  /** The user's prompt, or a whole request body of the format. Default: `Hello`. */
  readonly request?: string | JsonObject;
  /** What the model answers. Default: one text block, `Hello from the model.` */
  readonly response?: ScriptedResponse;
  /**
   * Streaming only: also run with the upstream's bytes cut in two at every byte and check that each run
   * gives the client a valid answer with the same reply, and records the same events for each policy
   * (how the events of different policies interleave depends on how the bytes arrive). The first
   * difference throws.
   */
  readonly splitEveryChunk?: boolean;
  readonly messages?: MessageTemplates;
}

/** What a client would have received, and what was recorded, when the policies ran on one call. */
export interface PolicyRunResult {
  /** The request the upstream would get, or undefined when a policy answered directly. */
  readonly upstreamRequest: RequestView | undefined;
  /** What the client received: the SSE text, or the JSON body. */
  readonly output: FinishedOutput;
  /** The same, folded in neutral terms: text, thinking and tool-call blocks, stop reason, usage. */
  readonly reply: RecordedResponse;
  /** The reply's text blocks joined. */
  readonly text: string;
  /** The reply's tool calls. */
  readonly toolCalls: readonly { readonly id: string; readonly name: string; readonly input: unknown }[];
  /** Policy events as the call's record would hold them, interventions and failures included. */
  readonly events: readonly RecordedPolicyEvent[];
  /** The format's independent validator on the output ([] when it is valid). */
  readonly violations: readonly OutputViolation[];
  /** Rules the format's invariants had to enforce on what the policies produced. */
  readonly repaired: readonly { readonly rule: string; readonly detail: string }[];
  /** Warnings the runtime and the policies logged (a failed hook is one). */
  readonly warnings: readonly object[];
  /** True when the client received exactly what the upstream sent (byte for byte when streaming). */
  readonly unchanged: boolean;
}

type PolicyInput = Policy | ConfiguredPolicy | readonly (Policy | ConfiguredPolicy)[];

/**
 * Runs policies as the gateway would on one call of `format`: the request through every `onRequest`,
 * then the scripted model answer, written as that API sends it, through the decoder, the policies,
 * the format's invariants and its encoder (streamed, or folded into one body). A policy given alone
 * fails closed under the default timeout; pass `configurePolicy(policy, { … })` to choose.
 */
export async function runPolicy(policies: PolicyInput, options: RunPolicyOptions): Promise<PolicyRunResult> {
  const chain = new PolicyChain(configuredList(policies), options.messages === undefined ? {} : { messages: options.messages });
  const codec = codecForFormat(options.format);
  const request = testRequest(options.format, options.request, options.stream);
  const script = options.response ?? { blocks: [{ type: 'text', text: ['Hello from', ' the model.'] }] };
  const upstream = scriptedUpstream(codec, scriptedParts(script, options.format, request.model));
  const whole = await runOnce(chain, codec, request, options.stream, upstream, [upstream.sse]);
  if (options.splitEveryChunk === true && options.stream) {
    for (const chunks of everySplit(upstream.sse)) {
      const split = await runOnce(chain, codec, request, options.stream, upstream, chunks);
      const at = chunks.map((chunk) => chunk.length).join(' + ');
      if (!isDeepStrictEqual(split.reply, whole.reply)) throw new Error(`split at ${at} bytes: the reply differs:\n${JSON.stringify(split.reply)}\nvs whole:\n${JSON.stringify(whole.reply)}`);
      if (!isDeepStrictEqual(byPolicy(split.events), byPolicy(whole.events))) throw new Error(`split at ${at} bytes: the events differ:\n${JSON.stringify(split.events)}\nvs whole:\n${JSON.stringify(whole.events)}`);
      if (split.violations.length > 0) throw new Error(`split at ${at} bytes: invalid output: ${JSON.stringify(split.violations)}`);
    }
  }
  return whole;
}

function configuredList(policies: PolicyInput): ConfiguredPolicy[] {
  const list: readonly (Policy | ConfiguredPolicy)[] = Array.isArray(policies) ? policies : [policies];
  return list.map((entry) => ('policy' in entry && 'failureMode' in entry ? entry : configurePolicy(entry)));
}

async function runOnce(
  chain: PolicyChain,
  codec: FormatCodec,
  request: RequestView,
  stream: boolean,
  upstream: { readonly sse: Buffer; readonly body: JsonObject },
  chunks: readonly Uint8Array[],
): Promise<PolicyRunResult> {
  const test = testPolicyCall(request);
  const outcome = await chain.runRequest(request, test.call);
  const fallback = { id: codec.messageId('call-test'), model: request.model };
  const invariants = codec.createInvariants(fallback);
  const tap = new ResponseTap();
  let batches: (readonly StreamPart[])[];
  let transform: PartTransform | undefined;
  if (outcome.action === 'respond') {
    batches = [textResponseParts(outcome.text, fallback.id, request.model)];
  } else {
    transform = chain.createPartTransform(test.call);
    batches = stream ? decodeChunks(codec, chunks) : [codec.decodeResponse(upstream.body)];
  }
  const encoder = codec.createEncoder();
  const valid: StreamPart[] = [];
  let text = '';
  for (const batch of batches) {
    const out = transform === undefined ? batch : await transform(batch);
    for (const part of out) {
      for (const kept of invariants.apply(part)) {
        valid.push(kept);
        tap.add(kept);
        if (stream) text += encoder.encode(kept);
      }
    }
    if (stream) text += encoder.flush();
  }
  const output: FinishedOutput = stream ? { stream: true, text } : { stream: false, body: codec.foldResponse(valid) };
  const reply = tap.result() ?? { blocks: [], stopReason: null, usage: {}, complete: false };
  return {
    upstreamRequest: outcome.action === 'forward' ? outcome.request : undefined,
    output,
    reply,
    text: reply.blocks.map((block) => (block.type === 'text' ? block.text : '')).join(''),
    toolCalls: reply.blocks.flatMap((block) => (block.type === 'tool-call' ? [{ id: block.id, name: block.name, input: block.input }] : [])),
    events: test.events,
    violations: validateOutput(codec.format, output),
    repaired: invariants.violations,
    warnings: test.logger.lines.filter((line) => line.level === 'warn').map((line) => line.object),
    unchanged: output.stream ? output.text === upstream.sse.toString('utf8') : isDeepStrictEqual(output.body, upstream.body),
  };
}

/** The upstream's bytes as the decoder would get them, one batch of parts per network chunk. */
function decodeChunks(codec: FormatCodec, chunks: readonly Uint8Array[]): StreamPart[][] {
  const decoder = codec.createDecoder();
  const batches = chunks.map((chunk) => decoder.push(chunk)).filter((parts) => parts.length > 0);
  decoder.end();
  return batches;
}

/** Every way to cut `bytes` in two (inside multi-byte characters too). */
function* everySplit(bytes: Buffer): Generator<Uint8Array[]> {
  for (let cut = 1; cut < bytes.length; cut++) yield [bytes.subarray(0, cut), bytes.subarray(cut)];
}

/** Events grouped by policy, each policy's in the order it made them. */
function byPolicy(events: readonly RecordedPolicyEvent[]): Map<string, RecordedPolicyEvent[]> {
  const groups = new Map<string, RecordedPolicyEvent[]>();
  for (const event of events) groups.set(event.policy, [...(groups.get(event.policy) ?? []), event]);
  return groups;
}
