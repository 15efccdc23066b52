import { describe, expect, it } from 'vitest';
import { defaultMessageTemplates, formatInterventionMessage } from './format-intervention-message.js';

describe('formatInterventionMessage', () => {
  it('says what was blocked, why, and what the person can do, by default', () => {
    const text = formatInterventionMessage('blocked_tool_call', { policy: 'block-tool-calls', tool: 'Bash', reason: 'it deletes the whole disk' });
    expect(text).toBe(
      'The `Bash` tool call was blocked by the block-tool-calls policy, so it was not run.\nReason: it deletes the whole disk.\n\n' +
        'If this step is safe, you can run it yourself or ask for another way to do it; if you think the block is a mistake, ask your administrator to review the block-tool-calls policy.',
    );
    for (const kind of Object.keys(defaultMessageTemplates) as (keyof typeof defaultMessageTemplates)[]) {
      const message = formatInterventionMessage(kind, { policy: 'p', reason: 'r', tool: 't', what: 'w', error: 'e' });
      expect(message, kind).not.toMatch(/\{\w+\}/);
      expect(message, kind).toMatch(/administrator/);
    }
  });

  it('fills a configured template, keeps a reason’s own punctuation, and leaves unknown placeholders visible', () => {
    const templates = { blocked_tool_call: '{policy} stopped {tool} {input}: {reason} {nope}' };
    expect(formatInterventionMessage('blocked_tool_call', { policy: 'guard', tool: 'Bash', input: { cmd: 'rm -rf /' }, reason: 'Dangerous!' }, templates)).toBe(
      'guard stopped Bash {"cmd":"rm -rf /"}: Dangerous! {nope}',
    );
    // Keys without a template keep the default.
    expect(formatInterventionMessage('blocked_text', { policy: 'guard', reason: 'x' }, templates)).toMatch(/^Part of this response was withheld by the guard policy/);
  });

  it('shortens a long input', () => {
    const text = formatInterventionMessage('blocked_tool_call', { policy: 'p', input: 'x'.repeat(500) }, { blocked_tool_call: '{input}' });
    expect(text).toBe(`${'x'.repeat(200)}…`);
  });

  it('explains a failure without the error’s own words', () => {
    expect(formatInterventionMessage('policy_failed', { policy: 'secret-guard', what: 'the `Bash` tool call', error: 'it did not answer within 5000 ms' })).toBe(
      'The secret-guard policy could not check the `Bash` tool call (it did not answer within 5000 ms), so it was withheld to be safe.\n\n' +
        'Please try again; if this keeps happening, ask your administrator to look at the secret-guard policy.',
    );
  });
});
