import { createHash } from 'node:crypto';
import type { CallRecord } from '../core/call-record.js';
import { recordedBlockKey } from './history-key.js';
import { HistoryNode } from './history-trie.js';
import { entriesAfter, inputMessages } from './new-input.js';
import { requestEntries, type RequestEntries } from './request-entries.js';
import { ThreadRegistry, type Thread } from './thread-registry.js';
import { turnBlockFromRequest } from './turn-blocks.js';
import { addRetry, attachResult, awaitsMore, finishDraft, startDraft, type TurnDraft, type TurnRef } from './turn-draft.js';
import type { Turn, TurnBlock } from './turn.js';

export interface TurnReconstructorOptions {
  /**
   * How many later calls a turn may wait for its tool results, a retry or its thread's kind before it
   * is handed out anyway (results arriving later then show as input of their own turn). Bounds memory.
   */
  readonly holdWindow?: number;
}

/** Tool names remembered for results that arrive after their call's turn was handed out. */
const maxToolNames = 10_000;

/**
 * Rebuilds a session's conversation as turns from its calls, in the order they were received, one
 * call at a time: `push` returns the turns that call finished, `finish` the rest. Turns come out in
 * call order. Only a few recent turns are ever held (see `holdWindow`), so a session of any length
 * streams through.
 *
 * Clients resend the whole history with every call; each turn shows only what its call added (see
 * history-trie.ts and history-key.ts for how history is recognised). A call that adds nothing to a
 * failed call's request is its retry and joins that turn. Tool results go to the tool call they answer.
 */
export class TurnReconstructor {
  private readonly root = new HistoryNode<TurnRef>(undefined);
  private readonly threads = new ThreadRegistry();
  private readonly queue: TurnDraft[] = [];
  private readonly toolNames = new Map<string, string>();
  private readonly holdWindow: number;
  private seen = 0;
  private nextIndex = 0;
  /** Where the latest Responses turn left the history: a call that sends only new items continues there. */
  private storedHead: HistoryNode<TurnRef> | undefined;

  constructor(options: TurnReconstructorOptions = {}) {
    this.holdWindow = Math.max(1, options.holdWindow ?? 32);
  }

  push(call: CallRecord): Turn[] {
    this.seen++;
    const request = requestEntries(call);
    if (request === undefined) this.addUnread(call);
    else this.add(call, request);
    return this.drain();
  }

  /** Hands out every turn still held: the session has no more calls (for now). */
  finish(): Turn[] {
    for (const draft of this.queue) draft.closed = true;
    this.threads.settle();
    return this.drain();
  }

  private add(call: CallRecord, request: RequestEntries): void {
    const keys = request.entries.flatMap((entry) => (entry.key === undefined ? [] : [entry.key]));
    const start = request.continuesStored && this.storedHead !== undefined ? this.storedHead : this.root;
    const { node, depth } = start.follow(keys);
    const fresh = entriesAfter(request.entries, depth);
    const parent = node.owner;
    if (fresh.length === 0 && parent?.draft !== undefined && isRetryOf(parent.draft, node)) this.addRetry(parent.draft, call);
    else this.addTurn(call, request, { node, keys: keys.slice(depth), fresh, parent });
  }

  /** The same request again after a failure: it joins the failed turn, whose answer it now gives. */
  private addRetry(draft: TurnDraft, call: CallRecord): void {
    addRetry(draft, call);
    draft.head = draft.requestEnd.extend(answerKeys(call), draft.ref);
    const thread = draft.ref.thread;
    if (thread !== null && thread.latest === draft.ref) thread.head = draft.head;
    this.remember(call, draft.head);
  }

  /**
   * A new turn from `node`, where the history the request shares with the session ends: `keys` and
   * `fresh` are what it adds, `parent` the turn that brought the history there (none for a new start).
   */
  private addTurn(call: CallRecord, request: RequestEntries, from: { node: HistoryNode<TurnRef>; keys: readonly string[]; fresh: RequestEntries['entries']; parent: TurnRef | undefined }): void {
    const { node, fresh, parent } = from;
    const previous = parent?.draft;
    const tools = request.toolNames.join('\n');
    // Unread turns own no nodes, so a parent always has a thread.
    const owner = parent?.thread ?? undefined;
    const fork = owner !== undefined && isFork(node === owner.head, tools, owner.tools);
    const thread = owner === undefined || fork ? this.threads.create(request.toolNames) : owner;
    const latest = thread.latest;
    if (!fork) {
      // The thread moves on: its earlier turns can take no more results or retries.
      if (previous !== undefined) previous.closed = true;
      if (latest?.draft !== undefined) latest.draft.closed = true;
    }
    const ref: TurnRef = { callId: call.callId, thread, draft: undefined };
    const toolResultsFor: string[] = [];
    const input = inputMessages(fork && fresh.length === 0 ? lastMessage(request) : fresh, call.callId, {
      attach: (toolCallId, result) => {
        const attached = !fork && previous !== undefined && attachResult(previous, toolCallId, result);
        if (attached) toolResultsFor.push(toolCallId);
        return attached;
      },
      toolName: (toolCallId) => this.toolNames.get(toolCallId) ?? null,
    });
    const requestEnd = node.extend(from.keys, ref);
    const head = requestEnd.extend(answerKeys(call), ref);
    const system = this.systemToShow(thread, request);
    const branch = parent !== undefined && !fork && latest !== parent;
    const fields = { ref, index: this.nextIndex++, seenAt: this.seen, continues: parent?.callId ?? null, branch, system, input, toolResultsFor, requestEnd, head };
    const draft = startDraft(fields, call);
    ref.draft = draft;
    thread.latest = ref;
    thread.head = head;
    thread.tools = tools;
    this.threads.noteTurn(thread, request.toolNames.length > 0);
    this.queue.push(draft);
    this.remember(call, head);
  }

  /** A call whose request cannot be read (rejected before it parsed): a turn of its own, outside any thread. */
  private addUnread(call: CallRecord): void {
    const ref: TurnRef = { callId: call.callId, thread: null, draft: undefined };
    const fields = { ref, index: this.nextIndex++, seenAt: this.seen, continues: null, branch: false, system: null, input: [], toolResultsFor: [], requestEnd: this.root, head: this.root };
    const draft = startDraft(fields, call);
    draft.closed = true;
    ref.draft = draft;
    this.queue.push(draft);
  }

  /** The system prompt, when the thread has not shown it yet or it changed since its latest turn. */
  private systemToShow(thread: Thread, request: RequestEntries): TurnBlock[] | null {
    const digest = createHash('sha1').update(JSON.stringify(request.system.map((block) => [block.type, block.type === 'text' ? block.text : '']))).digest('base64url');
    const shown = thread.system;
    thread.system = digest;
    if (shown === undefined ? request.system.length === 0 : shown === digest) return null;
    return request.system.map(turnBlockFromRequest);
  }

  /** Tool names for later results, and where a Responses conversation stored upstream stands. */
  private remember(call: CallRecord, head: HistoryNode<TurnRef>): void {
    if (call.format === 'openai-responses') this.storedHead = head;
    for (const block of call.clientResponse?.blocks ?? []) {
      if (block.type !== 'tool-call') continue;
      this.toolNames.delete(block.id);
      this.toolNames.set(block.id, block.name);
      if (this.toolNames.size > maxToolNames) this.toolNames.delete(this.toolNames.keys().next().value ?? '');
    }
  }

  /** Hands out turns from the front of the queue while they are done; turns held too long are done regardless. */
  private drain(): Turn[] {
    const out: Turn[] = [];
    for (;;) {
      const draft = this.queue[0];
      if (draft === undefined) break;
      if (this.seen - draft.seenAt >= this.holdWindow) {
        draft.closed = true;
        if (draft.ref.thread?.kind === undefined) this.threads.settle();
      }
      const kindKnown = draft.ref.thread === null || draft.ref.thread.kind !== undefined;
      if (!kindKnown || !(draft.closed || !awaitsMore(draft))) break;
      this.queue.shift();
      draft.ref.draft = undefined;
      out.push(finishDraft(draft));
    }
    return out;
  }
}

/** A call that adds nothing to a failed call's request (or to what it got of an answer) is its retry. */
function isRetryOf(draft: TurnDraft, node: HistoryNode<TurnRef>): boolean {
  return !draft.closed && draft.last.outcome !== 'completed' && (node === draft.requestEnd || node === draft.head);
}

/**
 * Whether a call that shares history with a thread is another agent's errand, a thread of its own: it
 * copied part of the conversation (a title or classifier call with the first message, a subagent)
 * without continuing where the thread stands and with other tools; or it continues from there but
 * declares no tools where the thread does (a summary or check of the conversation so far). A thread
 * whose own tools change as it goes (agents load tools late) stays one thread.
 */
function isFork(atHead: boolean, tools: string, threadTools: string): boolean {
  return atHead ? tools === '' && threadTools !== '' : tools !== threadTools;
}

/** The request's last message: what a side call that only copied history asked, shown so its turn is not empty. */
function lastMessage(request: RequestEntries): RequestEntries['entries'] {
  const last = request.entries.at(-1)?.message;
  return request.entries.filter((entry) => entry.message === last);
}

/** The keys the answer adds to the history once the client sends it back (what the client received). */
function answerKeys(call: CallRecord): string[] {
  return (call.clientResponse?.blocks ?? []).flatMap((block) => {
    const key = recordedBlockKey(block);
    return key === undefined ? [] : [key];
  });
}
