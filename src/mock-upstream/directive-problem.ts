import type { MockDirectives } from './mock-directives.js';

const SHOWN_CHARS = 40;

/**
 * Why the scripted reply cannot be played, if it cannot: a tool call whose `mock:tool-input:` does
 * not decode must fail loudly rather than quietly run with a default input. Judges ignore tool
 * inputs (their prompt may quote a cut-short one), so a verdict is never refused for one.
 */
export function directiveProblem(directives: MockDirectives): string | undefined {
  const bad = directives.badToolInput;
  if (bad === undefined || directives.toolCount === 0 || directives.verdict !== undefined) return undefined;
  const shown = bad.length > SHOWN_CHARS ? `${bad.slice(0, SHOWN_CHARS)}…` : bad;
  return `mock:tool-input:${shown} is not base64url of a JSON object (scripted by the mock upstream)`;
}
