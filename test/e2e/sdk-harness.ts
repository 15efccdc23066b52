import Anthropic from '@anthropic-ai/sdk';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';

export const MODEL = 'claude-sonnet-4-6';

/** A custom tool the scripted upstream answers with a fixed shell command (`echo tool-output-42`). */
export const BASH_TOOL: Anthropic.Tool = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
};

export interface SdkHarness {
  readonly gateway: TestGateway;
  readonly client: Anthropic;
  close(): Promise<void>;
}

/**
 * A gateway in front of a fresh scripted upstream, and the official SDK pointed at it. Retries are off
 * so every error the gateway produces reaches the test as the SDK first saw it.
 */
export async function startSdkHarness(options: Parameters<typeof startTestGateway>[0] = {}): Promise<SdkHarness> {
  const gateway = await startTestGateway(options);
  const client = new Anthropic({ baseURL: gateway.url, apiKey: 'test-key', maxRetries: 0 });
  return { gateway, client, close: () => gateway.close() };
}

/** A one-turn request whose user text carries the scripted upstream's directives. */
export function ask(text: string, extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}): Anthropic.MessageCreateParamsNonStreaming {
  return { model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: text }], ...extra };
}

/** Text of every text block, in order. */
export function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** The signature the scripted upstream itself streams for `mock:thinking`, read straight from it. */
export async function upstreamSignature(upstreamUrl: string): Promise<string> {
  const response = await fetch(`${upstreamUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'test-key' },
    body: JSON.stringify({ ...ask('mock:thinking'), stream: true }),
  });
  const signatures: string[] = [];
  for (const line of (await response.text()).split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const event = JSON.parse(line.slice('data: '.length)) as { delta?: { type?: string; signature?: string } };
    if (event.delta?.type === 'signature_delta' && event.delta.signature !== undefined) signatures.push(event.delta.signature);
  }
  return signatures.join('');
}

/** Polls until the condition holds or the time is up; returns whether it held. */
export async function eventually(condition: () => boolean, timeoutMs = 3_000, stepMs = 10): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return true;
}
