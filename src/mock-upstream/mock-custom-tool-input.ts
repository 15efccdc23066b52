import { MOCK_SHELL_COMMAND } from './mock-tool-input.js';

// Codex's own free-form tools: a patch in its apply_patch grammar, and JavaScript for code mode's `exec`.
const APPLY_PATCH_INPUT = '*** Begin Patch\n*** Add File: mock-upstream.txt\n+tool-output-42\n*** End Patch\n';
const EXEC_SCRIPT_INPUT = `const r = await tools.exec_command({ cmd: ${JSON.stringify(MOCK_SHELL_COMMAND)} });\ntext(r);`;

/**
 * Free-form input for a custom tool. Its grammar cannot be satisfied in general, so the input fits
 * the two custom tools Codex declares: apply_patch gets a patch, anything else a code-mode script.
 */
export function mockCustomToolInput(toolName: string): string {
  return toolName === 'apply_patch' ? APPLY_PATCH_INPUT : EXEC_SCRIPT_INPUT;
}
