import { countInputTokens } from './count-input-tokens.js';
import type { JsonObject } from './is-json-object.js';
import type { MockCounters } from './mock-counters.js';
import type { MockDirectives } from './mock-directives.js';
import { mockToolInput } from './mock-tool-input.js';
import type { MessagesRequestView } from './read-messages-request.js';
import type { MockStopReason, PlannedBlock, ReplyPlan } from './reply-plan.js';

const DEFAULT_TEXT = 'Hello from the scripted upstream.';
const TOOL_PREAMBLE = 'Let me run that.';
const TOOL_RESULT_PREVIEW_CHARS = 200;
// Split across deltas so clients must reassemble multi-byte text (the CJK word straddles two deltas).
const UNICODE_DELTAS = ['héllo', ' wörld', ' —', ' 日本', '語 🎉', ' ok'];
const THINKING_DELTAS = ['Let me think', ' about this', ' step by step.'];
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
  const blocks: PlannedBlock[] = [];

  if (directives.thinking) blocks.push({ type: 'thinking', deltas: THINKING_DELTAS, signature: THINKING_SIGNATURE });
  if (directives.redacted) blocks.push({ type: 'redacted_thinking', data: REDACTED_DATA });
  if (directives.serverTool) blocks.push(...serverToolBlocks(counters.nextServerToolUseId()));

  const tool = directives.toolCount > 0 ? request.tools.find(isClientTool) : undefined;
  const explicitText = directives.echo || directives.unicode || directives.textWords !== undefined;
  if (tool !== undefined) {
    const lead = explicitText ? mainTextDeltas(request, directives) : splitIntoWords(TOOL_PREAMBLE);
    blocks.push({ type: 'text', deltas: lead, citations: [] });
    for (let i = 0; i < directives.toolCount; i++) blocks.push(toolUseBlock(tool, counters.nextToolUseId()));
  } else if (explicitText || !directives.serverTool) {
    // The cited answer of a web search already is the reply; add more text only when asked to.
    blocks.push({ type: 'text', deltas: mainTextDeltas(request, directives), citations: [] });
  }

  let stopReason: MockStopReason = tool === undefined ? 'end_turn' : 'tool_use';
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

/** Server tools (web search, code execution...) are run by the API itself, so only custom tools can be called. */
function isClientTool(tool: JsonObject): boolean {
  return tool['type'] === undefined || tool['type'] === 'custom';
}

function mainTextDeltas(request: MessagesRequestView, directives: MockDirectives): readonly string[] {
  if (directives.echo) return splitIntoWords(request.lastUserText);
  if (directives.unicode) return UNICODE_DELTAS;
  if (directives.textWords !== undefined) return numberedWords(directives.textWords);
  if (request.toolResultText !== undefined) {
    // Slice by code point so the preview never ends in half a surrogate pair.
    const preview = Array.from(request.toolResultText).slice(0, TOOL_RESULT_PREVIEW_CHARS).join('');
    return splitIntoWords(`Tool result received: ${preview}`);
  }
  return splitIntoWords(DEFAULT_TEXT);
}

/** `word1`, ` word2`, ... one delta per word, for long deterministic streams. */
function numberedWords(count: number): string[] {
  const words = new Array<string>(count);
  for (let i = 0; i < count; i++) words[i] = i === 0 ? 'word1' : ` word${i + 1}`;
  return words;
}

/** Splits text into word-sized deltas that concatenate back to exactly the original text. */
function splitIntoWords(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

function toolUseBlock(tool: JsonObject, id: string): PlannedBlock {
  const input = mockToolInput(tool);
  const name = typeof tool['name'] === 'string' ? tool['name'] : 'tool';
  return { type: 'tool_use', id, name, input, fragments: ['', ...splitJson(JSON.stringify(input), 3)] };
}

/** Cuts JSON text into roughly equal pieces, never inside a surrogate pair, as the API streams tool input. */
function splitJson(json: string, pieces: number): string[] {
  const size = Math.max(1, Math.ceil(json.length / pieces));
  const fragments: string[] = [];
  let start = 0;
  while (start < json.length) {
    let end = Math.min(json.length, start + size);
    const code = json.charCodeAt(end - 1);
    if (end < json.length && code >= 0xd800 && code <= 0xdbff) end += 1;
    fragments.push(json.slice(start, end));
    start = end;
  }
  return fragments;
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
