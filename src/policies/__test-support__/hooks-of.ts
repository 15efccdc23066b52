import type { Policy } from '../../core/policy.js';

const hookNames = ['onRequest', 'onTextDelta', 'onTextBlock', 'onToolCall', 'onResponse', 'onPart'] as const;

/** The hooks a policy has (getters included), for tests that check a policy only buffers what it must. */
export function hooksOf(policy: Policy): string[] {
  return hookNames.filter((hook) => policy[hook] !== undefined);
}
