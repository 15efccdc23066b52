import type { Config } from '../config/load-config.js';
import { ConfigFileError, formatIssues, readYamlFile } from '../config/read-yaml-file.js';
import { parseUpstreamBase } from '../upstream/upstream-base.js';
import { apiFamilies, type ApiFamily } from './api-family.js';
import type { Backend } from './backend.js';
import type { ModelRule, RoutingTable } from './router.js';
import { backendNamePattern, routingFileSchema, type BackendEntry, type RoutingFile } from './routing-file-schema.js';

type UpstreamSettings = Pick<Config, 'ANTHROPIC_UPSTREAM_URL' | 'ANTHROPIC_API_KEY' | 'OPENAI_UPSTREAM_URL' | 'OPENAI_API_KEY' | 'ROUTING_CONFIG'>;

/** The client paths whose family is fixed; a path default must name a backend of that family. */
const familyOfPath: Readonly<Record<string, ApiFamily>> = {
  '/v1/messages': 'anthropic',
  '/v1/messages/count_tokens': 'anthropic',
  '/v1/chat/completions': 'openai',
  '/v1/responses': 'openai',
};

/**
 * The routing table: the built-in `anthropic` and `openai` backends from the environment, plus the
 * routing file's backends, defaults and model rules when `ROUTING_CONFIG` names one.
 */
export async function loadRoutingConfig(config: UpstreamSettings, env: NodeJS.ProcessEnv = process.env): Promise<RoutingTable> {
  if (config.ROUTING_CONFIG === undefined) return routingTable(config, {}, env, '(built-in)');
  const document = await readYamlFile(config.ROUTING_CONFIG, 'the routing file');
  return routingFromDocument(document ?? {}, config, env, config.ROUTING_CONFIG);
}

export function routingFromDocument(document: unknown, config: UpstreamSettings, env: NodeJS.ProcessEnv, file: string): RoutingTable {
  const parsed = routingFileSchema.safeParse(document);
  if (!parsed.success) throw new ConfigFileError(`${file}: ${formatIssues(parsed.error.issues)}`);
  return routingTable(config, parsed.data, env, file);
}

function routingTable(config: UpstreamSettings, routing: RoutingFile, env: NodeJS.ProcessEnv, file: string): RoutingTable {
  const builtin: Record<ApiFamily, BackendEntry> = {
    anthropic: { api: 'anthropic', url: config.ANTHROPIC_UPSTREAM_URL, ...(config.ANTHROPIC_API_KEY === undefined ? {} : { api_key: config.ANTHROPIC_API_KEY }) },
    openai: { api: 'openai', url: config.OPENAI_UPSTREAM_URL, ...(config.OPENAI_API_KEY === undefined ? {} : { api_key: config.OPENAI_API_KEY }) },
  };
  const entries: Record<string, BackendEntry> = { ...builtin };
  // A file entry named like a built-in backend refines it: the environment's key stays unless the file names another.
  for (const [name, entry] of Object.entries(routing.backends ?? {})) {
    if (!backendNamePattern.test(name)) throw new ConfigFileError(`${file}: backends.${name}: backend names are lower-case letters, digits, -, _ and .`);
    const base = builtin[name as ApiFamily] as BackendEntry | undefined;
    if (base !== undefined && entry.api !== base.api) throw new ConfigFileError(`${file}: backends.${name}.api: the built-in '${name}' backend speaks the ${base.api} API`);
    const keepKey = base !== undefined && entry.api_key === undefined && entry.api_key_env === undefined;
    entries[name] = keepKey ? { ...entry, ...(base.api_key === undefined ? {} : { api_key: base.api_key }) } : entry;
  }
  const backends = new Map(Object.entries(entries).map(([name, entry]) => [name, toBackend(name, entry, env)]));
  const find = (name: string, where: string): Backend => {
    const backend = backends.get(name);
    if (backend === undefined) throw new ConfigFileError(`${file}: ${where}: unknown backend '${name}' (known: ${[...backends.keys()].join(', ')})`);
    return backend;
  };

  const familyDefaults: Record<ApiFamily, Backend> = { anthropic: find('anthropic', 'backends'), openai: find('openai', 'backends') };
  const pathDefaults = new Map<string, Backend>();
  for (const [key, name] of Object.entries(routing.defaults ?? {})) {
    const where = `defaults.${key}`;
    const backend = find(name, where);
    if ((apiFamilies as readonly string[]).includes(key)) {
      const family = key as ApiFamily;
      if (backend.api !== family) throw new ConfigFileError(`${file}: ${where}: backend '${name}' speaks the ${backend.api} API, not ${family}`);
      familyDefaults[family] = backend;
    } else if (key.startsWith('/v1/')) {
      const family = familyOfPath[key];
      if (family !== undefined && backend.api !== family) throw new ConfigFileError(`${file}: ${where}: backend '${name}' speaks the ${backend.api} API; ${key} is ${family}`);
      pathDefaults.set(key, backend);
    } else {
      throw new ConfigFileError(`${file}: ${where}: a default is keyed by API family (anthropic, openai) or by a client path starting with /v1/`);
    }
  }
  const models: ModelRule[] = (routing.models ?? []).map((rule, i) => ({ match: rule.match, backend: find(rule.backend, `models.${i}.backend`) }));
  return { backends, models, pathDefaults, familyDefaults };
}

const builtinKeyVariables: Readonly<Record<string, string>> = { anthropic: 'ANTHROPIC_API_KEY', openai: 'OPENAI_API_KEY' };

function toBackend(name: string, entry: BackendEntry, env: NodeJS.ProcessEnv): Backend {
  const fromEnv = entry.api_key_env === undefined ? undefined : env[entry.api_key_env];
  return {
    name,
    api: entry.api,
    upstream: parseUpstreamBase(entry.url),
    serverKey: entry.api_key ?? (fromEnv === '' ? undefined : fromEnv),
    serverKeyHeader: entry.auth_header ?? (entry.api === 'anthropic' ? 'x-api-key' : 'authorization'),
    serverKeySource:
      entry.api_key_env !== undefined
        ? `the ${entry.api_key_env} variable (api_key_env)`
        : (builtinKeyVariables[name] ?? `api_key or api_key_env in the routing file`),
  };
}
