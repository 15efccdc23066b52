import { isDeepStrictEqual } from 'node:util';
import type { CallRecord } from '../core/call-record.js';
import type { HistoryNode } from './history-trie.js';
import type { Thread } from './thread-registry.js';
import { turnBlockFromRecorded } from './turn-blocks.js';
import type { ToolResult, Turn, TurnAttempt, TurnBlock, TurnIntervention, TurnMessage } from './turn.js';

/** What a history node remembers of the turn that added it: enough to continue it, not its content. */
export interface TurnRef {
  readonly callId: string;
  readonly thread: Thread | null;
  /** The turn while it is still being built; cleared once it is handed out, so its content can go. */
  draft: TurnDraft | undefined;
}

/** A turn being built: it may still receive its tool results or a retry before it is handed out. */
export interface TurnDraft {
  readonly ref: TurnRef;
  readonly index: number;
  /** How many calls the reconstructor had seen when this turn began (for the hold window). */
  readonly seenAt: number;
  readonly continues: string | null;
  readonly branch: boolean;
  readonly system: TurnMessage['blocks'] | null;
  readonly input: readonly TurnMessage[];
  readonly toolResultsFor: readonly string[];
  readonly callIds: string[];
  readonly attempts: TurnAttempt[];
  readonly interventions: TurnIntervention[];
  output: TurnBlock[];
  last: CallRecord;
  /** Where the history stands after this turn's request: a retry of the same request arrives here. */
  readonly requestEnd: HistoryNode<TurnRef>;
  /** Where it stands after the answer too: the next turn continues from here. */
  head: HistoryNode<TurnRef>;
  /** Set once nothing more can join the turn: its thread moved on, or it was held long enough. */
  closed: boolean;
}

export function startDraft(
  fields: Pick<TurnDraft, 'ref' | 'index' | 'seenAt' | 'continues' | 'branch' | 'system' | 'input' | 'toolResultsFor' | 'requestEnd' | 'head'>,
  call: CallRecord,
): TurnDraft {
  return {
    ...fields,
    callIds: [call.callId],
    attempts: [],
    interventions: interventionsOf(call),
    output: outputOf(call),
    last: call,
    closed: false,
  };
}

/** Adds a retry of the turn's request: the earlier call becomes an attempt, the new one gives the answer. */
export function addRetry(draft: TurnDraft, call: CallRecord): void {
  const previous = draft.last;
  draft.attempts.push({ callId: previous.callId, at: previous.receivedAt, outcome: previous.outcome, status: previous.status, error: previous.error ?? null });
  draft.callIds.push(call.callId);
  draft.interventions.push(...interventionsOf(call));
  draft.output = outputOf(call);
  draft.last = call;
}

/** Whether the turn still expects something from a later call: results for its tool calls, or a retry. */
export function awaitsMore(draft: TurnDraft): boolean {
  return draft.last.outcome !== 'completed' || draft.output.some((block) => block.type === 'tool-call' && block.result === null);
}

/** Attaches a tool result to the tool call it answers; false when the turn made no such call. */
export function attachResult(draft: TurnDraft, toolCallId: string, result: ToolResult): boolean {
  const position = draft.output.findIndex((block) => block.type === 'tool-call' && block.id === toolCallId && block.result === null);
  const block = draft.output[position];
  if (block?.type !== 'tool-call') return false;
  draft.output[position] = { ...block, result };
  return true;
}

/** The finished turn, with the thread's kind as it was decided. */
export function finishDraft(draft: TurnDraft): Turn {
  const call = draft.last;
  const first = draft.attempts[0];
  const upstream = call.upstreamResponse;
  const client = call.clientResponse;
  // Only policies stand between the two taps, so a difference while both saw the answer is theirs.
  const changed = upstream !== undefined && client !== undefined && !isDeepStrictEqual(upstream.blocks, client.blocks);
  // When the client got nothing (it left, the call failed on the way), what the upstream sent is still worth showing.
  const unseen = upstream !== undefined && client === undefined && upstream.blocks.length > 0;
  const thread = draft.ref.thread;
  return {
    index: draft.index,
    thread: thread === null ? null : { id: thread.id, kind: thread.kind ?? 'main' },
    continues: draft.continues,
    branch: draft.branch,
    callIds: [...draft.callIds],
    at: first?.at ?? call.receivedAt,
    format: call.format,
    model: call.model ?? null,
    system: draft.system,
    input: draft.input,
    toolResultsFor: draft.toolResultsFor,
    output: draft.output,
    upstreamOutput: changed || unseen ? upstream.blocks.map(turnBlockFromRecorded) : null,
    outputChangedByPolicy: changed,
    requestChangedByPolicy: call.finalRequest !== undefined && call.originalRequest !== undefined && !isDeepStrictEqual(call.originalRequest, call.finalRequest),
    interventions: [...draft.interventions],
    outcome: call.outcome,
    status: call.status,
    stopReason: call.stopReason,
    error: call.error ?? null,
    usage: call.usage,
    attempts: [...draft.attempts],
  };
}

/** The client's view of the answer: what it received is what it will send back as history. */
function outputOf(call: CallRecord): TurnBlock[] {
  return call.clientResponse?.blocks.map(turnBlockFromRecorded) ?? [];
}

function interventionsOf(call: CallRecord): TurnIntervention[] {
  return call.policyEvents.map((event) => ({ callId: call.callId, policy: event.policy, type: event.type, summary: event.summary ?? null }));
}
