import type { CallRecord, RecordedBlock, RecordedResponse } from '../core/call-record.js';
import type { StopReason } from '../core/stop-reason.js';
import { alignSequences } from './align-sequences.js';
import { clipValue } from './clip-value.js';
import { diffJson, type JsonChange, type JsonDiff } from './json-diff.js';

/**
 * What policies changed in one call, for its detail view: the request the client sent against the
 * one the upstream got, and the answer the upstream sent against the one the client got. Either is
 * null when one side does not exist (no upstream call was made; no answer came).
 */
export interface CallDiff {
  readonly callId: string;
  readonly request: JsonDiff | null;
  readonly response: ResponseDiff | null;
}

export interface ResponseDiff {
  /** Block by block, in order. Indices are into the upstream's blocks (`before`) and the client's (`after`). */
  readonly blocks: readonly BlockChange[];
  readonly stopReason: { readonly before: StopReason | null; readonly after: StopReason | null } | null;
  readonly complete: { readonly before: boolean; readonly after: boolean } | null;
}

/** A block the client got that the upstream did not send, one it did not get, or one changed on the way (its fields diffed, e.g. `$.text`). */
export type BlockChange =
  | { readonly op: 'add'; readonly after: number; readonly block: unknown }
  | { readonly op: 'remove'; readonly before: number; readonly block: unknown }
  | { readonly op: 'change'; readonly before: number; readonly after: number; readonly type: RecordedBlock['type']; readonly changes: readonly JsonChange[] };

export function diffCall(call: CallRecord): CallDiff {
  const request = call.originalRequest !== undefined && call.finalRequest !== undefined ? diffJson(call.originalRequest, call.finalRequest) : null;
  const response = call.upstreamResponse !== undefined && call.clientResponse !== undefined ? diffResponses(call.upstreamResponse, call.clientResponse) : null;
  return { callId: call.callId, request, response };
}

export function diffResponses(upstream: RecordedResponse, client: RecordedResponse): ResponseDiff {
  // Blocks of one type are paired (an upper-cased text is a changed text); others are removed and added.
  const steps = alignSequences(upstream.blocks, client.blocks, (block) => JSON.stringify(block), (a, b) => a.type === b.type);
  const blocks: BlockChange[] = [];
  for (const step of steps) {
    switch (step.op) {
      case 'same':
        break;
      case 'pair': {
        const before = upstream.blocks[step.before];
        const after = client.blocks[step.after];
        if (before === undefined || after === undefined) break;
        blocks.push({ op: 'change', before: step.before, after: step.after, type: after.type, changes: diffJson(withoutInputJson(before), withoutInputJson(after)).changes });
        break;
      }
      case 'remove':
        blocks.push({ op: 'remove', before: step.before, block: clipValue(upstream.blocks[step.before]) });
        break;
      case 'add':
        blocks.push({ op: 'add', after: step.after, block: clipValue(client.blocks[step.after]) });
        break;
    }
  }
  return {
    blocks,
    stopReason: upstream.stopReason === client.stopReason ? null : { before: upstream.stopReason, after: client.stopReason },
    complete: upstream.complete === client.complete ? null : { before: upstream.complete, after: client.complete },
  };
}

/** A tool call's input text repeats its parsed input: diffing both would report each change twice. */
function withoutInputJson(block: RecordedBlock): object {
  if (block.type !== 'tool-call') return block;
  const { inputJson: _text, ...rest } = block;
  return rest;
}
