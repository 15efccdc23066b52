import { z } from 'zod';
import type { Policy, PolicyContext, RequestDecision, ToolCallDecision, ToolCallView } from '../core/policy.js';
import { definePolicy } from '../core/policy-definition.js';
import type { RequestBlock, RequestMessage, RequestView } from '../core/request-view.js';
import { addKinds, describeKinds, scanSecrets, scanSecretsDeep } from './secret-scan.js';

const action = z.enum(['redact', 'block', 'off']);

const configSchema = z.strictObject({
  prompts: action
    .default('redact')
    .describe('Secrets in what people write: user messages (and, for redaction, system and developer prompts). `redact` replaces them with `[REDACTED:<kind>]` before the model sees them; `block` answers the new message with an explanation instead of sending it; `off` does not look.'),
  tool_results: action
    .default('redact')
    .describe('Secrets in tool results sent back to the model (a `cat .env`, a config dump): `redact`, `block` or `off`, as for prompts.'),
  tool_inputs: action
    .default('block')
    .describe('Secrets in the tool calls the model makes (a key written into a command or a file): `block` replaces the call with an explanation, `redact` sends it with the secrets replaced, `off` does not look.'),
});

export type SecretGuardConfig = z.output<typeof configSchema>;
type Place = 'prompt' | 'tool-result';

/**
 * Keeps API keys, private keys and tokens away from the model and out of the agent's actions:
 * - in the request, user text and tool results are scanned. Every message, history included, is
 *   redacted (clients resend the conversation each turn, so a secret that was once let through, or a
 *   message that was blocked, is still never sent upstream). `block` applies to the new part of the
 *   conversation only (the messages after the last assistant turn): blocking on history would block
 *   every later turn of the session.
 * - in the response, each tool call's input is scanned: `block` withholds the call, `redact` sends it
 *   with the secrets replaced.
 * Events and reasons name the kind of secret and where it was, never the secret itself.
 */
export const secretGuardPolicy = definePolicy({
  name: 'secret-guard',
  description: 'Finds API keys, private keys and tokens in prompts, tool results and tool inputs, and redacts them or blocks.',
  configSchema,
  defaultFailureMode: 'fail_closed',
  create: (config) => createSecretGuard(config),
});

function createSecretGuard(config: SecretGuardConfig): Policy {
  const checksRequest = config.prompts !== 'off' || config.tool_results !== 'off';
  const toolInputs = config.tool_inputs;
  return {
    name: 'secret-guard',
    ...(checksRequest ? { onRequest: (request: RequestView, ctx: PolicyContext) => guardRequest(request, config, ctx) } : {}),
    ...(toolInputs === 'off' ? {} : { onToolCall: (call: ToolCallView, ctx: PolicyContext) => guardToolCall(call, toolInputs, ctx) }),
  };
}

interface Findings {
  /** Kinds found per place, everywhere (what was redacted). */
  readonly redacted: Record<Place, Record<string, number>>;
  /** Kinds found per place in the new messages whose place is set to `block`. */
  readonly blocking: Record<Place, Record<string, number>>;
}

function guardRequest(request: RequestView, config: SecretGuardConfig, ctx: PolicyContext): RequestDecision {
  const findings: Findings = { redacted: { prompt: {}, 'tool-result': {} }, blocking: { prompt: {}, 'tool-result': {} } };
  const modes: Record<Place, SecretGuardConfig['prompts']> = { prompt: config.prompts, 'tool-result': config.tool_results };
  const lastAssistant = request.messages.findLastIndex((message) => message.role === 'assistant');

  const scanBlocks = (blocks: readonly RequestBlock[], fresh: boolean, textPlace: Place): RequestBlock[] => {
    const scanText = (text: string, place: Place): string => {
      if (modes[place] === 'off') return text;
      const scan = scanSecrets(text);
      if (scan.count === 0) return text;
      addKinds(findings.redacted[place], scan.kinds);
      if (fresh && modes[place] === 'block') addKinds(findings.blocking[place], scan.kinds);
      return scan.text;
    };
    return blocks.map((block) => {
      if (block.type === 'text') {
        const text = scanText(block.text, textPlace);
        return text === block.text ? block : { ...block, text };
      }
      if (block.type === 'tool-result') {
        const content = block.content.map((inner) => {
          if (inner.type !== 'text') return inner;
          const text = scanText(inner.text, 'tool-result');
          return text === inner.text ? inner : { ...inner, text };
        });
        return content.every((inner, index) => inner === block.content[index]) ? block : { ...block, content };
      }
      return block;
    });
  };

  const messages = request.messages.map((message, index): RequestMessage => {
    // Assistant turns are the model's own words (and carry signed thinking): not ours to rewrite.
    if (message.role === 'assistant') return message;
    const blocks = scanBlocks(message.blocks, index > lastAssistant && (message.role === 'user' || message.role === 'tool'), 'prompt');
    return blocks.every((block, i) => block === message.blocks[i]) ? message : { ...message, blocks };
  });
  const system = scanBlocks(request.system, false, 'prompt');

  const blocking = { ...findings.blocking.prompt };
  addKinds(blocking, findings.blocking['tool-result']);
  if (Object.keys(blocking).length > 0) {
    const where = Object.keys(findings.blocking.prompt).length > 0 ? 'your message' : 'a tool result';
    const what = describeKinds(blocking);
    const reason = `${what} found in ${where}`;
    return { action: 'respond', reason, text: blockedRequestText(what, where) };
  }

  const count = countOf(findings.redacted.prompt) + countOf(findings.redacted['tool-result']);
  if (count === 0) return { action: 'continue' };
  ctx.emit({
    type: 'redacted',
    summary: `Redacted ${count} secret${count === 1 ? '' : 's'} from the request: ${describeFindings(findings.redacted)}`,
    data: { where: 'request', count, kinds: { prompt: findings.redacted.prompt, 'tool-result': findings.redacted['tool-result'] } },
  });
  let patched = messages.every((message, index) => message === request.messages[index]) ? request : request.withMessages(messages);
  if (system.some((block, index) => block !== request.system[index])) patched = patched.withSystem(system);
  return { action: 'continue', request: patched };
}

function guardToolCall(call: ToolCallView, mode: 'redact' | 'block', ctx: PolicyContext): ToolCallDecision {
  const scan = scanSecrets(call.inputJson);
  if (scan.count === 0) return { action: 'allow' };
  const what = describeKinds(scan.kinds);
  if (mode === 'block') {
    return {
      action: 'block',
      reason: `The call's input contains ${what}. An agent should not write secrets into commands or files; keep them in environment variables or a secrets manager and refer to them by name.`,
    };
  }
  // A free-text input (a Responses custom tool) is redacted as text; a JSON input value by value.
  const kinds: Record<string, number> = {};
  const input = call.input === undefined ? scan.text : scanSecretsDeep(call.input, kinds);
  ctx.emit({
    type: 'redacted',
    summary: `Redacted ${what} from the input of the \`${call.name}\` tool call`,
    data: { where: 'tool-input', tool: call.name, count: scan.count, kinds: scan.kinds },
  });
  return { action: 'replace', input };
}

function blockedRequestText(what: string, where: string): string {
  return (
    `This message was not sent to the model: ${where} contains ${what}, and the secret-guard policy keeps secrets away from the model.\n\n` +
    (where === 'your message'
      ? 'Remove the secret (or replace it with a placeholder such as `<API_KEY>`) and send the message again. If a tool needs the key, put it in an environment variable and refer to it by name.'
      : 'Avoid commands that print secrets (such as reading `.env` files); if the agent needs a key, keep it in an environment variable and refer to it by name. Then continue.')
  );
}

function countOf(kinds: Readonly<Record<string, number>>): number {
  return Object.values(kinds).reduce((sum, n) => sum + n, 0);
}

function describeFindings(found: Findings['redacted']): string {
  const parts: string[] = [];
  if (countOf(found.prompt) > 0) parts.push(`${describeKinds(found.prompt)} in prompts`);
  if (countOf(found['tool-result']) > 0) parts.push(`${describeKinds(found['tool-result'])} in tool results`);
  return parts.join('; ');
}
