import type { CallRecord } from '../core/call-record.js';
import { ProxyError } from '../core/proxy-error.js';
import type { RequestBlock, RequestRole } from '../core/request-view.js';
import { codecForFormat } from './codec-for-format.js';
import { requestBlockKey } from './history-key.js';

/** One block of a request's conversation, with the message it came from and its history key. */
export interface RequestEntry {
  readonly message: number;
  readonly role: RequestRole;
  readonly block: RequestBlock;
  readonly key: string | undefined;
}

/** A request read for history: its system prompt apart from the conversation, which is flattened to blocks. */
export interface RequestEntries {
  readonly system: readonly RequestBlock[];
  readonly entries: readonly RequestEntry[];
  /** The tool names the request declares, sorted: a thread's profile (see TurnReconstructor). */
  readonly toolNames: readonly string[];
  /** True when the request continues a conversation the upstream stores (`previous_response_id`, `conversation`) and sends only what is new. */
  readonly continuesStored: boolean;
}

// A recorded request already passed the gateway's own limit; history reads it whole.
const limits = { maxMessages: 1e6 };

/**
 * The conversation of a call's original request (what the client sent, before any policy), or
 * undefined when there is none or it no longer parses. The system prompt is kept apart from the
 * conversation: Anthropic's `system`, Responses' `instructions`, and the system and developer messages
 * that open the conversation (where Chat and Codex put their prompt), so a changed prompt does not
 * look like a new conversation.
 */
export function requestEntries(call: CallRecord): RequestEntries | undefined {
  if (call.originalRequest === undefined) return undefined;
  const view = codecForFormat(call.format).parseRequest(Buffer.from(JSON.stringify(call.originalRequest)), limits);
  if (view instanceof ProxyError) return undefined;
  const messages = view.messages;
  let first = 0;
  while (first < messages.length && isInstruction(messages[first]?.role)) first++;
  const system = [...view.system, ...messages.slice(0, first).flatMap((message) => message.blocks)];
  const entries: RequestEntry[] = [];
  messages.forEach((message, index) => {
    if (index < first) return;
    for (const block of message.blocks) entries.push({ message: index, role: message.role, block, key: requestBlockKey(message.role, block) });
  });
  const body = view.body;
  return {
    system,
    entries,
    toolNames: view.tools.map((tool) => tool.name).sort(),
    continuesStored: typeof body.previous_response_id === 'string' || (body.conversation !== undefined && body.conversation !== null),
  };
}

function isInstruction(role: RequestRole | undefined): boolean {
  return role === 'system' || role === 'developer';
}
