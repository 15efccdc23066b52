import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.js';
import { joinRequestParts } from '../store/join-request-parts.js';
import { requestPartRefs, type RequestInParts } from '../store/request-in-parts.js';
import { redactJson } from './redact.js';
import { requestPartHash } from '../store/request-part-hash.js';
import { minPartLength, splitRequest } from './split-request.js';

const long = (label: string): string => `${label}: ${'lorem ipsum dolor sit amet '.repeat(Math.ceil(minPartLength / 27))}`;

/** A Claude Code-shaped request: long system prompt, tools, a history of long and short messages. */
function agentRequest(extra: JsonObject = {}): JsonObject {
  return {
    model: 'claude-test',
    max_tokens: 1000,
    system: [
      { type: 'text', text: 'short' },
      { type: 'text', text: long('system prompt'), cache_control: { type: 'ephemeral' } },
    ],
    messages: [
      { role: 'user', content: long('first question') },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: long('file contents') }] },
    ],
    tools: [{ name: 'Bash', description: long('runs a command'), input_schema: { type: 'object' } }],
    metadata: { user_id: 'user-1' },
    ...extra,
  };
}

/** The request back from its skeleton and parts' bodies, as a reader would join it. */
function joined(split: RequestInParts): unknown {
  const bodies = new Map(split.parts.map((part) => [part.hash, part.body]));
  return joinRequestParts(JSON.parse(split.skeleton), requestPartRefs(split), (ref) => JSON.parse((typeof ref === 'string' ? bodies.get(ref)?.() : undefined) ?? 'null'));
}

describe('splitRequest', () => {
  it('takes out every long array element and top-level value, and leaves the short ones in the skeleton', () => {
    const text = JSON.stringify(agentRequest());
    const split = splitRequest(text);
    expect(split?.parts.map((part) => [part.key, part.index])).toEqual([
      ['system', 1],
      ['messages', 0],
      ['messages', 2],
      ['tools', 0],
    ]);
    expect(JSON.parse(split?.skeleton ?? '')).toEqual({
      model: 'claude-test',
      max_tokens: 1000,
      system: [{ type: 'text', text: 'short' }, null],
      messages: [null, { role: 'assistant', content: 'ok' }, null],
      tools: [null],
      metadata: { user_id: 'user-1' },
    });
    expect(split === undefined ? undefined : joined(split)).toEqual(JSON.parse(text));
  });

  it('names a part by a digest of its text, the same in every request that carries it', () => {
    const first = splitRequest(JSON.stringify(agentRequest()));
    const next = splitRequest(JSON.stringify(agentRequest({ messages: [...(agentRequest().messages as JsonObject[]), { role: 'user', content: long('next question') }] })));
    const firstHashes = first?.parts.map((part) => part.hash) ?? [];
    expect(next?.parts.map((part) => part.hash).slice(0, firstHashes.length - 1)).toEqual(firstHashes.slice(0, -1));
    expect(new Set(next?.parts.map((part) => part.hash)).size).toBe(next?.parts.length);
    expect(first?.parts[0]?.hash).toBe(requestPartHash(JSON.stringify((agentRequest().system as JsonObject[])[1])));
    expect(firstHashes.every((hash) => /^[A-Za-z0-9_-]{22}$/.test(hash))).toBe(true);
  });

  it('recognises what a session sent in the same place last time, and still redacts what was not clean', () => {
    const secret = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789';
    const request = agentRequest({ messages: [{ role: 'user', content: `${long('my key is')} ${secret}` }, { role: 'user', content: long('clean') }] });
    const text = JSON.stringify(request);
    const first = splitRequest(text, 'session-places');
    const firstBodies = first?.parts.map((part) => part.body()) ?? [];
    // Same text again in the same session: same digests, and the same (redacted) bodies.
    const again = splitRequest(text, 'session-places');
    expect(again?.parts.map((part) => part.hash)).toEqual(first?.parts.map((part) => part.hash));
    expect(again?.parts.map((part) => part.body())).toEqual(firstBodies);
    expect(again?.parts.map((part) => part.body()).join('\n')).not.toContain(secret);
    // A place whose text changed gets the new text's digest, not the one kept for the place.
    const changed = splitRequest(JSON.stringify(agentRequest({ messages: [{ role: 'user', content: long('another question') }] })), 'session-places');
    const message = changed?.parts.find((part) => part.key === 'messages');
    expect(message?.hash).toBe(requestPartHash(JSON.stringify({ role: 'user', content: long('another question') })));
    // Another session with the same text digests it itself, to the same digest.
    expect(splitRequest(text, 'other-session')?.parts.map((part) => part.hash)).toEqual(first?.parts.map((part) => part.hash));
  });

  it('redacts each part and the skeleton as redacting the whole request would, and keeps clean text as sent', () => {
    const secret = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789';
    const request = agentRequest({
      api_key: `${secret} ${long('padding')}`,
      messages: [{ role: 'user', content: `${long('my key is')} ${secret}` }, { role: 'user', content: `short ${secret}` }],
    });
    const text = JSON.stringify(request, null, 1);
    const split = splitRequest(text);
    expect(split).toBeDefined();
    if (split === undefined) return;
    // A credential-named field is never a part of its own: blanking it needs its name.
    expect(split.parts.map((part) => part.key)).not.toContain('api_key');
    expect(joined(split)).toEqual(redactJson(JSON.parse(text)));
    const stored = [split.skeleton, ...split.parts.map((part) => part.body())].join('\n');
    expect(stored).not.toContain(secret);
    // The untouched system prompt part is the client's own text, whitespace and all.
    const systemPart = split.parts.find((part) => part.key === 'system')?.body() ?? '';
    expect(systemPart).toContain('\n');
    expect(text).toContain(systemPart);
  });

  it('leaves a request with nothing long enough, or that the scan cannot describe, to be stored whole', () => {
    expect(splitRequest(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }))).toBeUndefined();
    expect(splitRequest(`{"a":"${'x'.repeat(300)}","a":1}`)).toBeUndefined();
    expect(splitRequest(`[${JSON.stringify(long('array'))}]`)).toBeUndefined();
  });
});
