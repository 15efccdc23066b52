import { countInputTokens } from './count-input-tokens.js';
import type { JsonObject } from './is-json-object.js';
import type { MockCounters } from './mock-counters.js';
import type { MockDirectives } from './mock-directives.js';
import type { MockVerdict } from './mock-verdict.js';
import type { MessagesRequestView } from './read-messages-request.js';
import type { MockStopReason, PlannedBlock, ReplyPlan } from './reply-plan.js';
import { hasExplicitText, replyTextDeltas, THINKING_DELTAS, toolLeadTextDeltas } from './reply-text-deltas.js';
import { scriptedToolUses } from './scripted-tool-uses.js';
import { toolUseBlock } from './tool-use-block.js';
import { verdictTextDeltas } from './verdict-text-deltas.js';

// Opaque fixed blobs: clients must carry them back verbatim, never interpret them.
const THINKING_SIGNATURE =
  'EqQBCgIYAhIMbW9ja1NpZ25hdHVyZRoMbHV0aGllbk1vY2siMGRldGVybWluaXN0aWMtc2lnbmF0dXJlLWZvci10ZXN0cy1vbmx5KgZtb2Nr';
const REDACTED_DATA = 'EmwKAhgBEgy0bW9ja1JlZGFjdGVkGgxsdXRoaWVuTW9jayIwb3BhcXVlLXJlZGFjdGVkLXRoaW5raW5nLWJsb2I=';
const SEARCH_URL = 'https://example.com/luthien';
const SEARCH_TITLE = 'Luthien: an AI-control proxy';
const CITED_TEXT = 'Luthien runs policies on every LLM request and streamed response.';
const CITATION_REPLY_DELTAS = ['According to the search', ' results, Luthien runs', ' policies on every request.'];
// Scripted cache figures: fixed so usage accounting can be asserted exactly.
const CACHE_CREATION_TOKENS = 1200;
const CACHE_READ_TOKENS = 3400;

/** Decides the content of a scripted reply. Ids come from the per-server counters, so output is deterministic. */
export function buildReplyPlan(
  request: MessagesRequestView,
  directives: MockDirectives,
  counters: MockCounters,
  requestBytes: number,
): ReplyPlan {
  const messageId = counters.nextMessageId();
  const blocks =
    directives.verdict === undefined ? agentBlocks(request, directives, counters) : verdictBlocks(request, directives.verdict, counters);

  let stopReason: MockStopReason = blocks.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
  if (directives.maxTokens) stopReason = 'max_tokens';

  return {
    messageId,
    model: request.model,
    blocks,
    stopReason,
    usage: {
      inputTokens: countInputTokens(requestBytes),
      cacheCreationInputTokens: directives.usageCache ? CACHE_CREATION_TOKENS : 0,
      cacheReadInputTokens: directives.usageCache ? CACHE_READ_TOKENS : 0,
      outputTokens: Math.max(1, countDeltas(blocks)),
    },
  };
}

/** The reply of the agent's model: optional reasoning and server tools, then text or text and tool calls. */
function agentBlocks(request: MessagesRequestView, directives: MockDirectives, counters: MockCounters): PlannedBlock[] {
  const blocks: PlannedBlock[] = [];
  if (directives.thinking) blocks.push({ type: 'thinking', deltas: THINKING_DELTAS, signature: THINKING_SIGNATURE });
  if (directives.redacted) blocks.push({ type: 'redacted_thinking', data: REDACTED_DATA });
  if (directives.serverTool) blocks.push(...serverToolBlocks(counters.nextServerToolUseId()));

  const calls = scriptedToolUses(request, directives);
  if (calls.length > 0) {
    blocks.push({ type: 'text', deltas: toolLeadTextDeltas(request, directives), citations: [] });
    for (const call of calls) blocks.push(toolUseBlock(counters.nextToolUseId(), call.name, call.input));
  } else if (hasExplicitText(directives) || !directives.serverTool) {
    // The cited answer of a web search already is the reply; add more text only when asked to.
    blocks.push({ type: 'text', deltas: replyTextDeltas(request, directives), citations: [] });
  }
  return blocks;
}

/**
 * A judge's answer: the forced tool called with the verdict as its input, as a model obeying
 * `tool_choice` answers; otherwise (or for fenced and prose answers, which only a model ignoring
 * the forced tool writes) one text block.
 */
function verdictBlocks(request: MessagesRequestView, verdict: MockVerdict, counters: MockCounters): PlannedBlock[] {
  if (request.forcedToolName !== undefined && verdict.toolInput !== undefined) {
    return [toolUseBlock(counters.nextToolUseId(), request.forcedToolName, verdict.toolInput)];
  }
  return [{ type: 'text', deltas: verdictTextDeltas(verdict), citations: [] }];
}

function serverToolBlocks(id: string): PlannedBlock[] {
  const citation: JsonObject = {
    type: 'web_search_result_location',
    cited_text: CITED_TEXT,
    url: SEARCH_URL,
    title: SEARCH_TITLE,
    encrypted_index: 'Eo8BCioIAhgBIiQ2ZjFkN2E4Yi1tb2NrLWVuY3J5cHRlZC1pbmRleA==',
  };
  return [
    { type: 'server_tool_use', id, name: 'web_search', input: { query: 'luthien' }, fragments: ['{"query":"luthien"}'] },
    {
      type: 'web_search_tool_result',
      block: {
        type: 'web_search_tool_result',
        tool_use_id: id,
        content: [
          {
            type: 'web_search_result',
            url: SEARCH_URL,
            title: SEARCH_TITLE,
            encrypted_content: 'EqgfCioIAhgBIiQ0YjY5ZmQ2Mi1tb2NrLWVuY3J5cHRlZC1jb250ZW50LWJsb2I=',
            page_age: 'January 1, 2025',
          },
        ],
      },
    },
    { type: 'text', deltas: CITATION_REPLY_DELTAS, citations: [citation] },
  ];
}

/** Output tokens are the number of deltas a streaming client would see, so both modes report the same usage. */
function countDeltas(blocks: readonly PlannedBlock[]): number {
  let count = 0;
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        count += block.deltas.length + block.citations.length;
        break;
      case 'thinking':
        count += block.deltas.length + 1;
        break;
      case 'tool_use':
      case 'server_tool_use':
        count += block.fragments.length;
        break;
      case 'redacted_thinking':
      case 'web_search_tool_result':
        break;
    }
  }
  return count;
}
