import type { MockDirectives } from './mock-directives.js';
import { parseMockDirectives } from './parse-mock-directives.js';
import type { ReplyTextSource } from './reply-text-deltas.js';

/** A request view's directives: its newest turn, or the script header; a user turn also lends its system prompt to verdicts. */
export function requestDirectives(view: ReplyTextSource & { readonly systemText: string }, scriptHeader: string | undefined): MockDirectives {
  // An agent's system prompt is the same on every turn: were it read after a tool result too, a
  // verdict there would answer the tool result as well. A judge's prompt is one user message.
  return parseMockDirectives(view.lastUserText, scriptHeader, view.toolResultText === undefined ? view.systemText : '');
}
