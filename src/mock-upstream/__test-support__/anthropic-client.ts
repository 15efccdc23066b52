import Anthropic from '@anthropic-ai/sdk';
import type { MockUpstream } from '../mock-upstream.js';

/** The official SDK pointed at the mock; no retries, so a scripted failure surfaces at once. */
export function anthropicClient(mock: MockUpstream): Anthropic {
  return new Anthropic({ baseURL: mock.url, apiKey: 'test', maxRetries: 0 });
}
