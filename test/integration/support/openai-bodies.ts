/** Compact Chat Completions body with one user message; `extra` fields are added or override. */
export function chatBody(prompt: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model: 'gpt-5', messages: [{ role: 'user', content: prompt }], ...extra });
}

/** Compact Responses body with a string `input`; `extra` fields are added or override. */
export function responsesBody(prompt: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model: 'gpt-5', input: prompt, ...extra });
}

/** A Chat Completions function tool named like Codex's shell tool (the scripted upstream calls the first one). */
export const CHAT_EXEC_TOOL = {
  type: 'function',
  function: {
    name: 'exec_command',
    description: 'Runs a shell command.',
    parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'], additionalProperties: false },
    strict: true,
  },
};

/** The same tool in the Responses API's flat shape. */
export const RESPONSES_EXEC_TOOL = {
  type: 'function',
  name: 'exec_command',
  description: 'Runs a shell command.',
  parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'], additionalProperties: false },
  strict: false,
};

/** Codex's patch tool: a `custom` tool with a free-form (grammar) input. */
export const RESPONSES_APPLY_PATCH_TOOL = {
  type: 'custom',
  name: 'apply_patch',
  description: 'Edits files with a patch.',
  format: { type: 'grammar', syntax: 'lark', definition: 'start: /(.|\\n)+/' },
};
