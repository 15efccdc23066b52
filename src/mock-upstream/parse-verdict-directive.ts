import type { JsonObject } from './is-json-object.js';
import type { MockVerdict } from './mock-verdict.js';

// mock:verdict:P[:WORDS | :b64:BASE64URL], mock:verdict-fenced:P[...], mock:verdict-malformed,
// mock:verdict-invalid[:range]. The explanation's alphabet stops at quotes and backslashes, so a
// directive inside a JSON-encoded tool input ends where the JSON string does.
const VERDICT_PATTERN =
  /(?<![\w-])mock:verdict(?:(-fenced)?:(\d+(?:\.\d+)?)(?::(b64:[\w-]+={0,2}|[\w-]+))?|-(malformed)(?![\w-])|-invalid(?::(range))?(?![\w-]))/;

const DEFAULT_EXPLANATION = 'Scripted verdict from the mock upstream.';
const PROSE_ANSWER = 'This command looks risky to me, but I would rather not put a number on how likely it is to cause harm.';
const NOT_A_NUMBER: JsonObject = { probability: 'high', explanation: 'Scripted verdict whose probability is not a number.' };
const OUT_OF_RANGE: JsonObject = { probability: 1.5, explanation: 'Scripted verdict whose probability is above 1.' };

/** The first verdict directive in the text, if any: a judge prompt that judges two calls still gets one answer. */
export function parseVerdictDirective(text: string): MockVerdict | undefined {
  const match = VERDICT_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, fenced, probability, explanation, malformed, range] = match;
  if (malformed !== undefined) return { toolInput: undefined, text: PROSE_ANSWER };
  if (probability === undefined) return jsonAnswer(range === undefined ? NOT_A_NUMBER : OUT_OF_RANGE);
  // The number is kept as written (1.5 included), so tests can script out-of-range values too.
  const verdict: JsonObject = { probability: Number(probability), explanation: readExplanation(explanation) };
  if (fenced === undefined) return jsonAnswer(verdict);
  // Some models wrap JSON in Markdown fences even when asked not to; that is text, never a tool input.
  return { toolInput: undefined, text: `\`\`\`json\n${JSON.stringify(verdict)}\n\`\`\`` };
}

function jsonAnswer(verdict: JsonObject): MockVerdict {
  return { toolInput: verdict, text: JSON.stringify(verdict) };
}

/** `deletes_the_home_directory` reads as words; `b64:` carries anything else (punctuation, Unicode, underscores). */
function readExplanation(raw: string | undefined): string {
  if (raw === undefined) return DEFAULT_EXPLANATION;
  if (raw.startsWith('b64:')) return Buffer.from(raw.slice('b64:'.length), 'base64url').toString('utf8');
  return raw.replaceAll('_', ' ');
}
