import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import type { FeedEvent } from '../../../src/events/activity-event.js';
import { exchange, type Exchange } from './http-exchange.js';

export const ADMIN_KEY = 'policy-admin-test-key';

/** The JSON answer of an admin call, with its status. */
export interface AdminAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/** The body of `GET /api/policy` (the fields the tests read). */
export interface PolicyStatus {
  readonly state: 'ok' | 'unusable';
  readonly source: string;
  readonly mode: string;
  readonly version: number | null;
  readonly setBy: string | null;
  readonly comment: string | null;
  readonly restoredFrom: number | null;
  readonly file: string | null;
  readonly policies: string[];
  readonly configuration: unknown;
  readonly document: string | null;
  readonly changeable: boolean;
  readonly readOnlyReason?: string;
  readonly error?: string;
  readonly problems?: { path: string; message: string }[];
}

/** An admin API error (with `problems` for an invalid configuration). */
export interface AdminError {
  readonly error: { readonly code: string; readonly message: string; readonly problems?: { path: string; message: string }[] };
}

/** Calls the admin API with the admin key and parses the JSON answer. */
export async function admin<T = Record<string, unknown>>(
  url: string,
  path: string,
  options: { method?: 'GET' | 'PUT' | 'POST'; body?: unknown; contentType?: string; key?: string } = {},
): Promise<AdminAnswer<T>> {
  const answer: Exchange = await exchange(url, `/api${path}`, {
    method: options.method ?? 'GET',
    headers: {
      authorization: `Bearer ${options.key ?? ADMIN_KEY}`,
      ...(options.body === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  return { status: answer.status, body: JSON.parse(answer.text) as T };
}

/** `PUT /api/policy` with a configuration object (JSON form). */
export function putPolicy(url: string, configuration: unknown, comment?: string): Promise<AdminAnswer<PolicyStatus & AdminError>> {
  return admin(url, '/policy', { method: 'PUT', body: { configuration, ...(comment === undefined ? {} : { comment }) } });
}

export function getPolicy(url: string): Promise<AdminAnswer<PolicyStatus>> {
  return admin<PolicyStatus>(url, '/policy');
}

/** An import of zod a module outside the project can use (a temporary `POLICY_DIR` has no node_modules). */
export const zodUrl = pathToFileURL(createRequire(import.meta.url).resolve('zod')).href;

/**
 * A user policy module whose policy `name` puts its configured `prefix` before each text delta, so a
 * test can tell it ran (a non-streaming answer's text block is one delta: one prefix).
 */
export function prefixPolicyModule(name: string): string {
  return `import { z } from '${zodUrl}';
export default {
  name: '${name}',
  description: 'Test policy: puts a prefix before each text delta.',
  defaultFailureMode: 'fail_open',
  configSchema: z.strictObject({ prefix: z.string().min(1).describe('What to put before each delta.') }),
  create: ({ prefix }) => ({ name: '${name}', onTextDelta: (text) => prefix + text }),
};
`;
}

/** A fresh `POLICY_DIR` (mode 0700) holding `files` (name → source). */
export async function writePolicyDir(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'luthien-policy-dir-'));
  await chmod(dir, 0o700);
  for (const [name, source] of Object.entries(files)) {
    await writeFile(join(dir, name), source, 'utf8');
    await chmod(join(dir, name), 0o600);
  }
  return dir;
}

/** The assistant text of a non-streaming Anthropic call through the gateway (`mock:text:3`: `word1 word2 word3`). */
export async function replyText(url: string, prompt = 'mock:text:3'): Promise<string> {
  const answer = await exchange(url, '/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-client-key' },
    body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 100, messages: [{ role: 'user', content: prompt }] }),
  });
  if (answer.status !== 200) throw new Error(`model call answered ${answer.status}: ${answer.text}`);
  const message = JSON.parse(answer.text) as { content: { type: string; text?: string }[] };
  return message.content.map((block) => block.text ?? '').join('');
}

/** The policy configuration events of a gateway's activity feed, collected until closed. */
export async function watchPolicyConfigEvents(url: string): Promise<{ readonly events: FeedEvent[]; close(): Promise<void> }> {
  const controller = new AbortController();
  const response = await request(`${url}/api/activity/stream?types=policy.config-changed,policy.config-unusable`, { headers: { authorization: `Bearer ${ADMIN_KEY}` }, signal: controller.signal });
  if (response.statusCode !== 200) throw new Error(`activity stream answered ${response.statusCode}`);
  const events: FeedEvent[] = [];
  let buffer = '';
  response.body.setEncoding('utf8');
  // Closing aborts the body: that error is the expected end.
  response.body.on('error', () => undefined);
  response.body.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
      buffer = buffer.slice(end + 2);
      if (data !== undefined) events.push(JSON.parse(data) as FeedEvent);
    }
  });
  return {
    events,
    close() {
      controller.abort();
      return Promise.resolve();
    },
  };
}
