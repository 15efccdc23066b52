import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';

/** A configuration file that could not be used; the message names the file, the place in it and the problem. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}

/** Reads and parses a YAML file; `what` names it in errors ("the policy file"). */
export async function readYamlFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(`${file}: cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseYamlText(text, file);
}

export function parseYamlText(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError ? ` at line ${error.linePos?.[0].line ?? '?'}` : '';
    throw new ConfigFileError(`${file}: invalid YAML${where}: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
}

/** zod issues as `path.inside.file: problem`, joined by `; `. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly string[] = []): string {
  return issues
    .map((issue) => `${[...prefix, ...issue.path.map(String)].join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
