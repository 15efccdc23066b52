import type { JsonObject } from './is-json-object.js';

/**
 * A scripted LLM-judge answer (`mock:verdict…`). The judge prompt is built by the proxy, so tests
 * script the answer from text the prompt carries (usually the tool input being judged).
 */
export interface MockVerdict {
  /** The object a forced tool call carries as its input; undefined when the answer is only text (fenced, prose). */
  readonly toolInput: JsonObject | undefined;
  /** The answer as text: the verdict's JSON, the JSON in Markdown fences, or prose. */
  readonly text: string;
}
