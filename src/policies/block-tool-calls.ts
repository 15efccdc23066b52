import { z } from 'zod';
import type { Policy, ToolCallDecision, ToolCallView } from '../core/policy.js';
import { definePolicy } from '../core/policy-definition.js';
import { defaultToolRuleIds, defaultToolRules, type ToolRule } from './default-tool-rules.js';
import { compileToolRule, toolRuleProblems, type ToolRuleSpec } from './tool-rule.js';
import { toolCallFacts } from './tool-call-facts.js';

const ruleSchema = z
  .strictObject({
    id: z.string().min(1).optional().describe('A name for the rule, shown in logs (default: `rule-<n>`).'),
    tools: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Tool names or globs (`mcp__*`), case-insensitive. Absent: every tool.'),
    command: z
      .string()
      .min(1)
      .optional()
      .describe('A regular expression searched in the shell command the call runs (Bash `command`, Codex `cmd`/`command`, `sh -c` scripts).'),
    path: z
      .string()
      .min(1)
      .optional()
      .describe('A glob matched against the files the call names (file tools, apply_patch, files a shell command writes); see docs/policies.md.'),
    access: z
      .enum(['any', 'write'])
      .default('any')
      .describe('With `path`: `write` matches only files the call writes, creates or deletes; `any` also files it reads.'),
    argument: z
      .strictObject({
        path: z.string().min(1).describe('A dotted path into the tool input (`url`, `edits.*.new_string`); `*` matches any item.'),
        regex: z.string().min(1).describe('A regular expression searched in that value (JSON text for non-strings).'),
      })
      .optional()
      .describe('Matches when a value in the tool input matches `regex`.'),
    reason: z.string().min(1).describe('Why the call is blocked: shown to the user and the agent, and recorded.'),
  })
  .superRefine((rule, ctx) => {
    for (const problem of toolRuleProblems(rule)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

const configSchema = z.strictObject({
  rules: z.array(ruleSchema).default([]).describe('Your rules, checked before the built-in ones. A rule matches when all the conditions it has match.'),
  default_rules: z.boolean().default(true).describe('Also apply the built-in rules (false: only `rules`).'),
  disable: z.array(z.enum(defaultToolRuleIds)).default([]).describe('Built-in rules to leave out, by id.'),
  protected_branches: z
    .array(z.string().min(1))
    .default(['main', 'master'])
    .describe('Branches (globs such as `release/*`) the `force-push` rule protects.'),
});

export type BlockToolCallsConfig = z.output<typeof configSchema>;

/**
 * Blocks tool calls by deterministic rules on the tool's name and input. The built-in rules stop the
 * classic disasters (`rm -rf /`, force pushes to protected branches, writes to `.env` files, SSH keys
 * and credentials, `curl … | sh`, `chmod -R 777 /`, `mkfs`, `dd of=/dev/sda`); configured rules add
 * name, command, path and argument conditions. A blocked call never reaches the client: the runtime
 * puts an explanation (the rule's reason) in its place.
 */
export const blockToolCallsPolicy = definePolicy({
  name: 'block-tool-calls',
  description: 'Blocks tool calls that match rules on tool name, shell command, file path or argument; ships rules against destructive and credential-touching commands.',
  configSchema,
  defaultFailureMode: 'fail_closed',
  create: (config) => createBlockToolCalls(config),
});

function createBlockToolCalls(config: BlockToolCallsConfig): Policy {
  const rules: ToolRule[] = config.rules.map((rule: ToolRuleSpec, index) => compileToolRule(rule, index));
  if (config.default_rules) {
    const defaults = defaultToolRules({ protectedBranches: config.protected_branches });
    for (const id of defaultToolRuleIds) if (!config.disable.includes(id)) rules.push(defaults[id]);
  }
  return {
    name: 'block-tool-calls',
    onToolCall: (call: ToolCallView): ToolCallDecision => {
      // A custom tool's free-text input (Codex's apply_patch) does not parse as JSON: its text is the input.
      const input = call.input === undefined ? call.inputJson : call.input;
      const facts = toolCallFacts(call.name, input, call.inputJson);
      for (const rule of rules) {
        const reason = rule.check(facts, call.name, input);
        if (reason !== undefined) return { action: 'block', reason };
      }
      return { action: 'allow' };
    },
  };
}
