import OpenAI from 'openai';
import type { MockUpstream } from '../mock-upstream.js';

/** The official SDK pointed at the mock; no retries, so a scripted failure surfaces at once. */
export function openaiClient(mock: MockUpstream, apiKey = 'k'): OpenAI {
  return new OpenAI({ baseURL: `${mock.url}/v1`, apiKey, maxRetries: 0 });
}
