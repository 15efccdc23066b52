import type { MessageTemplates } from './configured-policy.js';

export type MessageKind = keyof MessageTemplates;

/**
 * The values a template may use. Every kind has `{policy}` and `{reason}`; a blocked tool call also
 * `{tool}` and `{input}` (its input as JSON, shortened); a failure `{what}` (what was withheld, e.g.
 * "the `Bash` tool call") and `{error}` (what went wrong, e.g. "it timed out after 5000 ms").
 */
export interface MessageValues {
  readonly policy: string;
  readonly reason?: string;
  readonly tool?: string;
  readonly input?: unknown;
  readonly what?: string;
  readonly error?: string;
}

/**
 * The defaults: plain assistant text for the person at the keyboard, saying what was stopped, why,
 * and what they can do about it. They read well whatever the reason's wording, because the reason
 * stands on a line of its own.
 */
export const defaultMessageTemplates: Readonly<Record<MessageKind, string>> = {
  blocked_tool_call:
    'The `{tool}` tool call was blocked by the {policy} policy, so it was not run.\nReason: {reason}\n\n' +
    'If this step is safe, you can run it yourself or ask for another way to do it; if you think the block is a mistake, ask your administrator to review the {policy} policy.',
  blocked_request:
    'This request was not sent to the model: the {policy} policy blocked it.\nReason: {reason}\n\n' +
    'You can change the request and try again; if you think the block is a mistake, ask your administrator to review the {policy} policy.',
  blocked_text:
    'Part of this response was withheld by the {policy} policy.\nReason: {reason}\n\n' +
    'You can ask again in another way; if you think this is a mistake, ask your administrator to review the {policy} policy.',
  policy_failed:
    'The {policy} policy could not check {what} ({error}), so it was withheld to be safe.\n\n' +
    'Please try again; if this keeps happening, ask your administrator to look at the {policy} policy.',
};

const placeholder = /\{(\w+)\}/g;
const MAX_INPUT_CHARS = 200;

/**
 * The text people see when a policy blocks something or fails: the configured template for `kind`
 * (or the default) with its placeholders filled in. Unknown placeholders are left as written, so a
 * typo shows in the message instead of silently vanishing.
 */
export function formatInterventionMessage(kind: MessageKind, values: MessageValues, templates: MessageTemplates = {}): string {
  const template = templates[kind] ?? defaultMessageTemplates[kind];
  const filled: Readonly<Record<string, string>> = {
    policy: values.policy,
    reason: sentence(values.reason ?? 'no reason was given'),
    tool: values.tool ?? 'tool',
    input: inputText(values.input),
    what: values.what ?? 'this content',
    error: values.error ?? 'an error',
  };
  return template.replace(placeholder, (whole, name: string) => filled[name] ?? whole);
}

/** A reason as a sentence: trimmed, ending in punctuation. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?)"'`]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function inputText(input: unknown): string {
  let text: string;
  try {
    // JSON.stringify gives undefined (despite its type) for undefined and functions.
    const json = JSON.stringify(input) as string | undefined;
    text = typeof input === 'string' ? input : (json ?? '');
  } catch {
    text = String(input);
  }
  return text.length <= MAX_INPUT_CHARS ? text : `${text.slice(0, MAX_INPUT_CHARS)}…`;
}
