import type { Policy } from '../../src/core/policy.js';

/** The text a blocked tool call becomes. */
export function blockedToolCallText(name: string): string {
  return `Blocked tool call: ${name}`;
}

/**
 * A test policy that blocks every tool call with a fixed message, `Blocked tool call: <name>`. It sees
 * only the neutral tool call, so it must work unchanged on every format; the runtime replaces the
 * call with the message and the invariants end the turn.
 */
export const blockToolCallsTestPolicy: Policy = {
  name: 'block-tool-calls-test',
  onToolCall: (call) => ({ action: 'block', reason: 'tests block every tool call', message: blockedToolCallText(call.name) }),
};
