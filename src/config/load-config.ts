import { homedir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { settings, type SettingName } from './settings.js';

type Values = { readonly [K in SettingName]: z.output<(typeof settings)[K]['schema']> };

/** The validated configuration. The only code that reads `process.env` is `loadConfig`. */
export interface Config extends Omit<Values, 'DATA_DIR'> {
  readonly DATA_DIR: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads every setting from `env` (empty strings count as unset), applies `overrides` (command-line
 * flags win over the environment) and validates. All problems are reported at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<SettingName, string>> = {}): Config {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, setting] of Object.entries(settings) as [SettingName, (typeof settings)[SettingName]][]) {
    const raw = overrides[name] ?? env[name];
    const result = setting.schema.safeParse(raw === '' ? undefined : raw);
    if (result.success) values[name] = result.data;
    else problems.push(`${name}: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  const config = { ...values, DATA_DIR: (values.DATA_DIR as string | undefined) ?? join(homedir(), '.luthien') } as Config;
  if (config.AUTH_MODE === 'proxy_key' && config.PROXY_API_KEY === undefined) {
    throw new ConfigError('Invalid configuration:\n  PROXY_API_KEY: required when AUTH_MODE=proxy_key');
  }
  return config;
}
