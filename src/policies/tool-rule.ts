import type { ToolRule } from './default-tool-rules.js';
import { compileGlob, nameGlob } from './path-glob.js';

/** A configured `block-tool-calls` rule (after defaults). */
export interface ToolRuleSpec {
  readonly id?: string | undefined;
  readonly tools?: readonly string[] | undefined;
  readonly command?: string | undefined;
  readonly path?: string | undefined;
  readonly access: 'any' | 'write';
  readonly argument?: { readonly path: string; readonly regex: string } | undefined;
  readonly reason: string;
}

export interface RuleProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

/** What is wrong with a rule, with the path of the field at fault (for the configuration error). */
export function toolRuleProblems(spec: Omit<ToolRuleSpec, 'access'>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (spec.tools === undefined && spec.command === undefined && spec.path === undefined && spec.argument === undefined) {
    problems.push({ path: [], message: 'a rule needs at least one of tools, command, path or argument (otherwise it would block every tool call)' });
  }
  const regexProblem = (source: string | undefined, path: (string | number)[]) => {
    if (source === undefined) return;
    try {
      new RegExp(source, 'u');
    } catch (error) {
      problems.push({ path, message: `invalid regular expression: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
  regexProblem(spec.command, ['command']);
  regexProblem(spec.argument?.regex, ['argument', 'regex']);
  return problems;
}

/** A configured rule as the policy runs it: every condition it has must match. */
export function compileToolRule(spec: ToolRuleSpec, index: number): ToolRule {
  const id = spec.id ?? `rule-${index + 1}`;
  const tools = spec.tools?.map(toolGlob);
  const command = spec.command === undefined ? undefined : new RegExp(spec.command, 'u');
  const path = spec.path === undefined ? undefined : compileGlob(spec.path);
  const argument = spec.argument === undefined ? undefined : { segments: spec.argument.path.split('.'), regex: new RegExp(spec.argument.regex, 'u') };
  return {
    id,
    check: (facts, tool, input) => {
      if (tools !== undefined && !tools.some((glob) => glob.test(tool))) return undefined;
      if (command !== undefined && !facts.commandTexts.some((text) => command.test(text))) return undefined;
      if (path !== undefined && !facts.paths.some((touched) => (spec.access === 'any' || touched.write) && path.test(touched.path))) return undefined;
      if (argument !== undefined && !valuesAt(input, argument.segments).some((value) => argument.regex.test(value))) return undefined;
      return spec.reason;
    },
  };
}

/** A tool-name glob: `*` and `?`, case-insensitive (clients differ: `Bash`, `bash`). */
function toolGlob(glob: string): RegExp {
  return nameGlob(glob, 'i');
}

/**
 * The values at a dotted path in a tool input, as text: strings as they are, anything else as JSON.
 * `*` matches every item of an array or object; `$` alone is the whole input (a custom tool's text).
 */
export function valuesAt(input: unknown, segments: readonly string[]): string[] {
  let current: unknown[] = [input];
  for (const segment of segments) {
    if (segment === '$') continue;
    current = current.flatMap((value) => {
      if (typeof value !== 'object' || value === null) return [];
      const record = value as Record<string, unknown>;
      if (segment === '*') return Object.values(record);
      return Object.hasOwn(record, segment) ? [record[segment]] : [];
    });
  }
  return current.flatMap((value) => (value === undefined ? [] : [typeof value === 'string' ? value : JSON.stringify(value)]));
}
