import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PolicyDefinition } from '../core/policy-definition.js';
import { PolicyConfigurationError, type ConfigProblem } from './config-problem.js';
import { checkPolicyDefinition } from './check-policy-definition.js';
import { builtinPolicies } from './policy-registry.js';

/** A policy loaded from `POLICY_DIR`, with the file it came from. */
export interface UserPolicy {
  readonly definition: PolicyDefinition;
  readonly file: string;
}

const moduleExtensions = new Set(['.js', '.mjs']);
const worldWritable = 0o002;
const groupWritable = 0o020;

/**
 * Loads every `.js` / `.mjs` file directly in `dir` (not in subdirectories, where helpers may live):
 * each must default-export a policy definition or an array of them. Loading runs the module's code
 * with the proxy's rights, so a directory or file anyone may write to is refused, and one its group
 * may write to is warned about. Every problem (which file, what went wrong) is reported at once as a
 * PolicyConfigurationError whose paths are the files.
 *
 * A file changed since it was last loaded is loaded again (its URL carries its modification time);
 * modules it imports are not, until a restart.
 */
export async function loadUserPolicies(dir: string, warn: (message: string) => void = () => undefined): Promise<UserPolicy[]> {
  const root = resolve(dir);
  const origin = `POLICY_DIR ${root}`;
  const fail = (path: string, message: string): never => {
    throw new PolicyConfigurationError(origin, [{ path, message }]);
  };
  const rootStat = await stat(root).catch((error: unknown) => fail(root, `cannot read the directory (${errorCode(error)})`));
  if (!rootStat.isDirectory()) fail(root, 'is not a directory');
  const rootAccess = writableBy(rootStat.mode);
  if (rootAccess === 'everyone') fail(root, 'anyone on this machine may write to it, and what is in it runs inside the proxy: `chmod o-w` it');
  if (rootAccess === 'group') warn(`${origin}: its group may write to it, and what is in it runs inside the proxy; consider \`chmod g-w\``);

  const entries = await readdir(root, { withFileTypes: true }).catch((error: unknown) => fail(root, `cannot list the directory (${errorCode(error)})`));
  const files = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && moduleExtensions.has(extname(entry.name)))
    .map((entry) => join(root, entry.name))
    .sort();

  const problems: ConfigProblem[] = [];
  const loaded: UserPolicy[] = [];
  for (const file of files) {
    try {
      const definitions = await importDefinitions(file, warn);
      loaded.push(...definitions.map((definition) => ({ definition, file })));
    } catch (error) {
      problems.push({ path: file, message: error instanceof Error ? error.message : String(error) });
    }
  }
  problems.push(...nameClashes(loaded));
  if (problems.length > 0) throw new PolicyConfigurationError(origin, problems);
  return loaded;
}

async function importDefinitions(file: string, warn: (message: string) => void): Promise<PolicyDefinition[]> {
  const info = await stat(file);
  if (!info.isFile()) return [];
  const access = writableBy(info.mode);
  if (access === 'everyone') throw new Error('anyone on this machine may write to it, and it runs inside the proxy: `chmod o-w` it');
  if (access === 'group') warn(`${file}: its group may write to it, and it runs inside the proxy; consider \`chmod g-w\``);
  let module: { default?: unknown };
  try {
    module = (await import(`${pathToFileURL(file).href}?mtime=${info.mtimeMs}`)) as { default?: unknown };
  } catch (error) {
    throw new Error(`could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (module.default === undefined) throw new Error('has no default export: `export default definePolicy({ name, description, configSchema, create })`');
  const exported: unknown[] = Array.isArray(module.default) ? (module.default as unknown[]) : [module.default];
  return exported.map((candidate, index) => checkPolicyDefinition(candidate, Array.isArray(module.default) ? `default export [${index}]` : 'default export'));
}

function nameClashes(loaded: readonly UserPolicy[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const firstFile = new Map<string, string>();
  for (const { definition, file } of loaded) {
    const { name } = definition;
    const earlier = firstFile.get(name);
    if (builtinPolicies.has(name)) problems.push({ path: file, message: `policy '${name}' has the name of a built-in policy: rename it` });
    else if (earlier !== undefined) problems.push({ path: file, message: `policy '${name}' is also defined in ${earlier}: names must be unique` });
    else firstFile.set(name, file);
  }
  return problems;
}

/** Who besides the owner may write, from a mode (ignored on Windows, where modes mean nothing). */
function writableBy(mode: number): 'everyone' | 'group' | 'owner' {
  if (process.platform === 'win32') return 'owner';
  if ((mode & worldWritable) !== 0) return 'everyone';
  return (mode & groupWritable) !== 0 ? 'group' : 'owner';
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
