import type { MockDirectives } from './mock-directives.js';
import { splitIntoWords } from './split-into-words.js';

/** What the reply text is derived from; every API family's request view provides it. */
export interface ReplyTextSource {
  /** Text of the newest user turn ('' when that turn is a tool result). */
  readonly lastUserText: string;
  /** Text of the tool result the newest turn carries, if any. */
  readonly toolResultText: string | undefined;
}

const DEFAULT_TEXT = 'Hello from the scripted upstream.';
const TOOL_PREAMBLE = 'Let me run that.';
const TOOL_RESULT_PREVIEW_CHARS = 200;
// Split across deltas so clients must reassemble multi-byte text (the CJK word straddles two deltas).
const UNICODE_DELTAS = ['héllo', ' wörld', ' —', ' 日本', '語 🎉', ' ok'];

/** Reasoning text, the same for Anthropic thinking, chat `reasoning_content` and Responses summaries. */
export const THINKING_DELTAS: readonly string[] = ['Let me think', ' about this', ' step by step.'];

/** True when a directive chose the reply text, which then also replaces the tool-call preamble. */
export function hasExplicitText(directives: MockDirectives): boolean {
  return directives.echo || directives.unicode || directives.textWords !== undefined;
}

/** The reply's main text, one delta per word (or per scripted piece for `mock:unicode`). */
export function replyTextDeltas(source: ReplyTextSource, directives: MockDirectives): readonly string[] {
  if (directives.echo) return splitIntoWords(source.lastUserText);
  if (directives.unicode) return UNICODE_DELTAS;
  if (directives.textWords !== undefined) return numberedWords(directives.textWords);
  if (source.toolResultText !== undefined) {
    // Slice by code point so the preview never ends in half a surrogate pair.
    const preview = Array.from(source.toolResultText).slice(0, TOOL_RESULT_PREVIEW_CHARS).join('');
    return splitIntoWords(`Tool result received: ${preview}`);
  }
  return splitIntoWords(DEFAULT_TEXT);
}

/** The text before tool calls: the scripted text if one was asked for, else a short preamble. */
export function toolLeadTextDeltas(source: ReplyTextSource, directives: MockDirectives): readonly string[] {
  return hasExplicitText(directives) ? replyTextDeltas(source, directives) : splitIntoWords(TOOL_PREAMBLE);
}

/** `word1`, ` word2`, ... one delta per word, for long deterministic streams. */
function numberedWords(count: number): string[] {
  const words = new Array<string>(count);
  for (let i = 0; i < count; i++) words[i] = i === 0 ? 'word1' : ` word${i + 1}`;
  return words;
}
