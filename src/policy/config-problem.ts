import type { z } from 'zod';
import { ConfigFileError } from '../config/read-yaml-file.js';

/** One thing wrong with a policy configuration: where in the document, and what. */
export interface ConfigProblem {
  /** e.g. `policy.config.policies[0].config.rules[2].pattern`; `(root)` for the document itself. */
  readonly path: string;
  readonly message: string;
}

export type PathSegment = string | number;

/** `['policy', 'config', 'policies', 0, 'name']` → `policy.config.policies[0].name`. */
export function formatConfigPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? String(segment) : `.${String(segment)}`;
  }
  return path === '' ? '(root)' : path;
}

/**
 * zod issues as problems under `prefix`. An unknown key is reported at the key itself, so the path
 * points at the line to delete or fix.
 */
export function problemsOfIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PathSegment[]): ConfigProblem[] {
  return issues.flatMap((issue) => {
    const at = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: formatConfigPath([...at, key]), message: 'not a known key' }));
    return [{ path: formatConfigPath(at), message: issue.message }];
  });
}

/**
 * A policy configuration that cannot be used. The message names where it came from (the file, the
 * API body, the stored version), then each problem as `path: problem`; `problems` keeps them apart
 * for the API and the CLI.
 */
export class PolicyConfigurationError extends ConfigFileError {
  constructor(
    readonly origin: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`${origin}: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`);
  }
}
