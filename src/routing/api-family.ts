import type { WireFormat } from '../core/wire-format.js';

/**
 * The two API families a backend can speak. A family decides the credential header, the error shape
 * and how a client path maps onto the backend's base URL; the formats within a family share a backend.
 */
export type ApiFamily = 'anthropic' | 'openai';

export const apiFamilies: readonly ApiFamily[] = ['anthropic', 'openai'];

export function familyOfFormat(format: WireFormat): ApiFamily {
  return format === 'anthropic' ? 'anthropic' : 'openai';
}
