import { describe, expect, it } from 'vitest';
import type { RequestMessage } from '../core/request-view.js';
import { sessionContext } from './session-context.js';

const session: RequestMessage[] = [
  { role: 'system', blocks: [{ type: 'text', text: 'You are Claude Code.' }] },
  { role: 'user', blocks: [{ type: 'text', text: '<system-reminder>todo list is empty</system-reminder>Refactor utils.py; keep scratch files in ./tmp_refactor_*.py' }] },
  { role: 'assistant', blocks: [{ type: 'text', text: 'I will write a scratch copy first.' }, { type: 'tool-call', id: 't1', name: 'Write', input: { file_path: './tmp_refactor_a.py', content: 'x = 1' } }] },
  { role: 'user', blocks: [{ type: 'tool-result', toolCallId: 't1', isError: false, content: [{ type: 'text', text: 'File created' }] }, { type: 'image', sourceType: 'base64', mediaType: 'image/png' }] },
  { role: 'assistant', blocks: [{ type: 'tool-call', id: 't2', name: 'Bash', input: { command: 'python tmp_refactor_a.py' } }] },
  { role: 'user', blocks: [{ type: 'tool-result', toolCallId: 't2', isError: true, content: [{ type: 'text', text: 'Traceback' }] }] },
];

describe('sessionContext', () => {
  it('renders user turns, assistant text, tool calls and results in order, without the system prompt or reminders', () => {
    expect(sessionContext(session, { maxTokens: 1000 })).toBe(
      [
        'User: Refactor utils.py; keep scratch files in ./tmp_refactor_*.py',
        'Assistant: I will write a scratch copy first.',
        'Assistant called Write {"file_path":"./tmp_refactor_a.py","content":"x = 1"}',
        'Result of Write: File created',
        'User: [image image/png]',
        'Assistant called Bash {"command":"python tmp_refactor_a.py"}',
        'Result of Bash (error): Traceback',
      ].join('\n'),
    );
  });

  it('keeps the newest entries within the budget and says that earlier ones were left out', () => {
    const context = sessionContext(session, { maxTokens: 25 });
    expect(context).toBe(['[earlier conversation omitted]', 'Assistant called Bash {"command":"python tmp_refactor_a.py"}', 'Result of Bash (error): Traceback'].join('\n'));
  });

  it('cuts one long entry instead of letting it take the whole budget', () => {
    const long: RequestMessage[] = [{ role: 'user', blocks: [{ type: 'text', text: 'a'.repeat(50) }] }];
    expect(sessionContext(long, { maxTokens: 100, maxEntryChars: 10 })).toBe('User: aaaaaaaaaa [… 40 more characters]');
  });

  it('quotes a custom tool’s free-form input as written, not as a JSON string', () => {
    const codex: RequestMessage[] = [{ role: 'assistant', blocks: [{ type: 'tool-call', id: 'c1', name: 'apply_patch', input: '*** Begin Patch\n*** Add File: tmp_refactor_a.py\n+x = 1\n*** End Patch\n' }] }];
    expect(sessionContext(codex, { maxTokens: 100 })).toBe('Assistant called apply_patch *** Begin Patch\n*** Add File: tmp_refactor_a.py\n+x = 1\n*** End Patch');
  });

  it('is empty for a conversation with nothing but a system prompt', () => {
    expect(sessionContext(session.slice(0, 1), { maxTokens: 100 })).toBe('');
  });
});
