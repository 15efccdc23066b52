import { z } from 'zod';
import { createStateKey, type Policy, type PolicyContext, type PolicyLogger } from '../core/policy.js';
import { definePolicy } from '../core/policy-definition.js';
import type { RequestView } from '../core/request-view.js';
import type { StreamPart } from '../core/stream-part.js';
import { redactJson } from '../recording/redact.js';
import { scanSecretsDeep } from './secret-scan.js';
import { truncateStrings } from './truncate-strings.js';

const configSchema = z.strictObject({
  level: z.enum(['debug', 'info', 'warn']).default('info').describe('The log level of every line this policy writes.'),
  request: z.boolean().default(true).describe('Log each request’s body as it reaches this policy (redacted).'),
  response: z.boolean().default(true).describe('Log each response once it is complete: its blocks, stop reason and usage.'),
  parts: z.boolean().default(false).describe('Also log every response event as it streams (verbose).'),
  max_string_length: z
    .number()
    .int()
    .min(16)
    .default(2000)
    .describe('Longer strings in logged payloads are cut to this many characters (requests carry whole conversations).'),
});

export type DebugLoggingConfig = z.output<typeof configSchema>;

/**
 * Logs what passes through it, for debugging a setup or a policy: the request, each response event
 * (optional), and each finished response, at the configured level, with secrets redacted (the
 * recorder's patterns and credential-named fields, plus secret-guard's) and long strings cut. It
 * changes nothing and records one `logged` event per request and per response with a summary.
 *
 * Where it sits in a chain matters: first, it sees what the client sent and the upstream answered;
 * last, what the upstream receives and the client gets.
 */
export const debugLoggingPolicy = definePolicy({
  name: 'debug-logging',
  description: 'Logs requests, response events and responses (secrets redacted, long strings cut) and records a summary event; changes nothing.',
  configSchema,
  defaultFailureMode: 'fail_open',
  create: (config) => createDebugLogging(config),
});

interface ResponseSummary {
  readonly blocks: Map<number, { kind: string; name?: string; text: string }>;
  parts: number;
}

function createDebugLogging(config: DebugLoggingConfig): Policy {
  const summaries = createStateKey('debug-logging.response', (): ResponseSummary => ({ blocks: new Map(), parts: 0 }));
  const safe = (value: unknown): unknown => truncateStrings(scanSecretsDeep(redactJson(value), {}), config.max_string_length);
  const log = (logger: PolicyLogger, object: object, message: string) => logger[config.level](object, message);

  const onRequest = (request: RequestView, ctx: PolicyContext) => {
    const summary = `${request.format} request for ${request.model}: ${request.messages.length} messages, ${request.tools.length} tools${request.stream ? ', streaming' : ''}`;
    if (config.request) log(ctx.logger, { body: safe(request.body) }, summary);
    ctx.emit({ type: 'logged', summary, data: { phase: 'request', format: request.format, model: request.model, messages: request.messages.length, tools: request.tools.length } });
    return { action: 'continue' as const };
  };

  const onPart = (part: StreamPart, ctx: PolicyContext): StreamPart => {
    const summary = ctx.state(summaries);
    summary.parts++;
    if (config.parts) log(ctx.logger, { part: safe(withoutOrigin(part)) }, `response event: ${part.type}`);
    collect(summary, part);
    if (part.type === 'message-delta' || part.type === 'error') {
      const blocks = [...summary.blocks.values()].map((block) => ({ type: block.kind, ...(block.name === undefined ? {} : { name: block.name }), content: block.text }));
      const stop = part.type === 'message-delta' ? part.stopReason : `error (${part.kind})`;
      const text = `response: ${blocks.length} block${blocks.length === 1 ? '' : 's'} (${blocks.map((block) => block.type).join(', ') || 'none'}), stop ${stop ?? 'none'}, ${summary.parts} events`;
      if (config.response) {
        const usage = part.type === 'message-delta' ? part.usage : undefined;
        log(ctx.logger, { response: safe({ blocks, stop, usage }) }, text);
      }
      ctx.emit({ type: 'logged', summary: text, data: { phase: 'response', blocks: blocks.length, stop, events: summary.parts } });
      summary.blocks.clear();
    }
    return part;
  };

  return { name: 'debug-logging', onRequest, onPart };
}

/** Adds a part to the response being assembled for the final log line. */
function collect(summary: ResponseSummary, part: StreamPart): void {
  switch (part.type) {
    case 'block-start':
      summary.blocks.set(part.index, { kind: part.kind, ...(part.name === undefined ? {} : { name: part.name }), text: '' });
      return;
    case 'text-delta':
      append(summary, part.index, part.text);
      return;
    case 'thinking-delta':
      append(summary, part.index, part.thinking);
      return;
    case 'tool-input-delta':
      append(summary, part.index, part.json);
      return;
    default:
      return;
  }
}

function append(summary: ResponseSummary, index: number, text: string): void {
  const block = summary.blocks.get(index);
  if (block !== undefined) block.text += text;
}

/** A part without its wire data: what it means, not how it was spelled. */
function withoutOrigin(part: StreamPart): Omit<StreamPart, 'origin'> {
  const { origin: _origin, ...rest } = part;
  return rest;
}
