import { describe, expect, it } from 'vitest';
import { familyOfRequest } from './family-of-request.js';

describe('familyOfRequest', () => {
  it('lets a path only one family serves decide, whatever the headers', () => {
    expect(familyOfRequest('/v1/messages/count_tokens?beta=true', { authorization: 'Bearer k' })).toBe('anthropic');
    expect(familyOfRequest('/v1/messages', {})).toBe('anthropic');
    expect(familyOfRequest('/v1/chat/completions', { 'anthropic-version': '2023-06-01' })).toBe('openai');
    expect(familyOfRequest('/v1/responses/resp_1/input_items', {})).toBe('openai');
  });

  it('routes shared paths by the headers the client sent', () => {
    expect(familyOfRequest('/v1/models', { 'anthropic-version': '2026-10-21', authorization: 'Bearer k' })).toBe('anthropic');
    expect(familyOfRequest('/v1/models', { 'x-api-key': 'k' })).toBe('anthropic');
    expect(familyOfRequest('/v1/files', { 'anthropic-beta': 'files-api-2025-04-14' })).toBe('anthropic');
    expect(familyOfRequest('/v1/models', { authorization: 'Bearer k' })).toBe('openai');
    expect(familyOfRequest('/v1/models', {})).toBe('openai');
  });

  it('does not mistake a longer path for a family path', () => {
    expect(familyOfRequest('/v1/messagesX', { authorization: 'Bearer k' })).toBe('openai');
    expect(familyOfRequest('/v1/responsesX', { 'x-api-key': 'k' })).toBe('anthropic');
  });
});
