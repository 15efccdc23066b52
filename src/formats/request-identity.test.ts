import { describe, expect, it } from 'vitest';
import { anthropicIdentity } from './anthropic/anthropic-identity.js';
import { openaiChatIdentity } from './openai-chat/openai-chat-identity.js';
import { openaiResponsesIdentity } from './openai-responses/openai-responses-identity.js';

describe('request identity', () => {
  it('reads Claude Code’s metadata.user_id, current and legacy', () => {
    const current = JSON.stringify({ device_id: 'd'.repeat(64), account_uuid: '', session_id: '2b1c9f7e-0000-4000-8000-000000000001' });
    expect(anthropicIdentity({ metadata: { user_id: current } })).toEqual({ sessionId: '2b1c9f7e-0000-4000-8000-000000000001', userId: 'd'.repeat(64) });
    expect(anthropicIdentity({ metadata: { user_id: 'user_abc123_account_9f1e-22_session_4a5b6c7d-1111' } })).toEqual({ sessionId: '4a5b6c7d-1111', userId: '9f1e-22' });
    expect(anthropicIdentity({ metadata: { user_id: 'alice@example.com' } })).toEqual({ userId: 'alice@example.com' });
    expect(anthropicIdentity({ metadata: { user_id: '' } })).toEqual({});
    expect(anthropicIdentity({})).toEqual({});
  });

  it('reads Chat Completions’ user and metadata', () => {
    expect(openaiChatIdentity({ user: 'u-1', metadata: { session_id: 's-1' } })).toEqual({ sessionId: 's-1', userId: 'u-1' });
    expect(openaiChatIdentity({ safety_identifier: 'hash', metadata: { conversation_id: 'c-1' } })).toEqual({ sessionId: 'c-1', userId: 'hash' });
    expect(openaiChatIdentity({ user: '  ', metadata: 'not an object' })).toEqual({});
  });

  it('reads Codex’s client_metadata and the Responses user fields', () => {
    expect(openaiResponsesIdentity({ client_metadata: { session_id: 'codex-s' }, metadata: { session_id: 'other' }, user: 'u' })).toEqual({ sessionId: 'codex-s', userId: 'u' });
    expect(openaiResponsesIdentity({ metadata: { session_id: 's', user_id: 'mu' } })).toEqual({ sessionId: 's', userId: 'mu' });
  });
});
