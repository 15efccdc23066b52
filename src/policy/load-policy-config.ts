import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigFileError } from '../config/read-yaml-file.js';
import { PolicyConfigurationError } from './config-problem.js';
import type { PolicyChain } from './policy-chain.js';
import { buildPolicyChain, parsePolicyConfiguration, type PolicyConfiguration, type PolicyDefaults, type PolicyRegistry } from './policy-configuration.js';

/** A configuration document read, checked and built. */
export interface LoadedPolicyConfiguration {
  readonly configuration: PolicyConfiguration;
  readonly chain: PolicyChain;
  /** The document as written (YAML, or JSON, which YAML reads too): what is stored and shown. */
  readonly document: string;
}

/**
 * Reads a policy configuration file (`POLICY_CONFIG`) and builds its chain. Every error names the
 * file; a configuration error also names the path inside it and the problem.
 */
export async function loadPolicyConfigFile(file: string, registry: PolicyRegistry, defaults: PolicyDefaults): Promise<LoadedPolicyConfiguration> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(`${file}: cannot read the policy file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return policyConfigurationFromText(text, registry, defaults, file);
}

/** Parses a YAML or JSON document, checks it and builds its chain; `origin` names it in errors. */
export function policyConfigurationFromText(text: string, registry: PolicyRegistry, defaults: PolicyDefaults, origin: string): LoadedPolicyConfiguration {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos !== undefined ? ` at line ${error.linePos[0].line}` : '';
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new PolicyConfigurationError(origin, [{ path: '(root)', message: `invalid YAML${where}: ${reason}` }]);
  }
  const configuration = parsePolicyConfiguration(document, registry, origin);
  return { configuration, chain: buildPolicyChain(configuration, registry, defaults, origin), document: text };
}
