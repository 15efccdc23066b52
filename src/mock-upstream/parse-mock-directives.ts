import type { MockDirectives } from './mock-directives.js';
import { parseToolCallDirectives } from './parse-tool-call-directives.js';
import { parseVerdictDirective } from './parse-verdict-directive.js';

// The argument is numeric for every directive read by this pattern, so trailing punctuation in
// prose ("try mock:text:5.") is not swallowed into it. The look-behind stops matches inside other
// words. Directives with text arguments (tool-input, tool-name, verdict) have parsers of their own.
const DIRECTIVE_PATTERN = /(?<![\w-])mock:([a-z][a-z0-9-]*)(?::(\d+))?/g;

// Bounds keep a typo in a prompt from making the mock allocate gigabytes or spin forever.
const MAX_TEXT_WORDS = 1_000_000;
const MAX_TOOLS = 64;
const MAX_SLOW_MS = 60_000;
/** Also caps the request's own `n`: a typo must not make the mock interleave thousands of choices. */
export const MAX_CHOICES = 8;

/**
 * Reads directives from the `x-mock-script` header when present (it wins outright, so a harness
 * can script a reply without editing prompts), otherwise from the newest turn's user text.
 * Unknown directive names are ignored, so prose that happens to contain `mock:` is harmless.
 *
 * A verdict directive alone is also looked for in `systemText` when neither the header nor the
 * user text has one: a judge's rules may sit in its system prompt, and a test can script the
 * verdict there. Callers pass '' when the newest turn is a tool result, so an agent's system
 * prompt never turns its tool-result turns into verdicts.
 */
export function parseMockDirectives(userText: string, scriptHeader: string | undefined, systemText = ''): MockDirectives {
  const source = scriptHeader === undefined ? userText : normaliseHeaderScript(scriptHeader);
  const verdictFallback = scriptHeader === undefined ? systemText : '';
  let textWords: number | undefined;
  let echo = false;
  let unicode = false;
  let toolCount = 0;
  let thinking = false;
  let redacted = false;
  let serverTool = false;
  let unknownEvent = false;
  let errorStatus: number | undefined;
  let errorEvent = false;
  let midError = false;
  let disconnect = false;
  let slowMs = 0;
  let hang = false;
  let maxTokens = false;
  let usageCache = false;
  let customTool = false;
  let usage = false;
  let choiceCount = 1;

  for (const match of source.matchAll(DIRECTIVE_PATTERN)) {
    const name = match[1];
    const rawArg = match[2];
    const arg = rawArg === undefined ? undefined : Number.parseInt(rawArg, 10);
    switch (name) {
      case 'text':
        if (arg !== undefined) textWords = Math.min(arg, MAX_TEXT_WORDS);
        break;
      case 'echo':
        echo = true;
        break;
      case 'unicode':
        unicode = true;
        break;
      case 'tool':
        toolCount = Math.max(toolCount, 1);
        break;
      case 'tools':
        toolCount = Math.min(Math.max(arg ?? 1, 1), MAX_TOOLS);
        break;
      case 'thinking':
        thinking = true;
        break;
      case 'redacted':
        redacted = true;
        break;
      case 'server-tool':
        serverTool = true;
        break;
      case 'unknown-event':
        unknownEvent = true;
        break;
      case 'error':
        // Only real error statuses make sense here; anything else is treated as a typo and ignored.
        if (arg !== undefined && arg >= 400 && arg <= 599) errorStatus = arg;
        break;
      case 'error-event':
        errorEvent = true;
        break;
      case 'mid-error':
        midError = true;
        break;
      case 'disconnect':
        disconnect = true;
        break;
      case 'slow':
        if (arg !== undefined) slowMs = Math.min(arg, MAX_SLOW_MS);
        break;
      case 'hang':
        hang = true;
        break;
      case 'max-tokens':
        maxTokens = true;
        break;
      case 'usage-cache':
        usageCache = true;
        break;
      case 'custom-tool':
        customTool = true;
        break;
      case 'usage':
        usage = true;
        break;
      case 'n':
        if (arg !== undefined) choiceCount = Math.min(Math.max(arg, 1), MAX_CHOICES);
        break;
      default:
        break;
    }
  }

  return {
    textWords,
    echo,
    unicode,
    toolCount,
    ...parseToolCallDirectives(source),
    verdict: parseVerdictDirective(source) ?? parseVerdictDirective(verdictFallback),
    thinking,
    redacted,
    serverTool,
    unknownEvent,
    errorStatus,
    errorEvent,
    midError,
    disconnect,
    slowMs,
    hang,
    maxTokens,
    usageCache,
    customTool,
    usage,
    choiceCount,
  };
}

/** Header scripts may omit the `mock:` prefix (`x-mock-script: tool slow:20`); prompts may not. */
function normaliseHeaderScript(header: string): string {
  return header
    .split(/\s+/)
    .filter((token) => token !== '')
    .map((token) => (token.startsWith('mock:') ? token : `mock:${token}`))
    .join(' ');
}
