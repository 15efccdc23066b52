import type { ApiFamily } from './api-family.js';
import type { Backend } from './backend.js';
import { compileModelPattern } from './model-pattern.js';

export interface ModelRule {
  /** The pattern as configured, e.g. `gpt-oss-*`. */
  readonly match: string;
  readonly backend: Backend;
}

export interface RoutingTable {
  readonly backends: ReadonlyMap<string, Backend>;
  /** Tried in order; the first whose pattern matches and whose backend speaks the client's family wins. */
  readonly models: readonly ModelRule[];
  /** Backend per client path (`/v1/chat/completions`), overriding the family default. */
  readonly pathDefaults: ReadonlyMap<string, Backend>;
  readonly familyDefaults: Readonly<Record<ApiFamily, Backend>>;
}

/**
 * Chooses the backend for a call: a model rule first, then the default for the path, then the default
 * for the API family. Rules never send a call to a backend of the other family: Luthien relays each
 * format natively and does not translate between them.
 */
export class Router {
  private readonly rules: readonly { readonly matches: (model: string) => boolean; readonly backend: Backend }[];

  constructor(readonly table: RoutingTable) {
    this.rules = table.models.map((rule) => ({ matches: compileModelPattern(rule.match), backend: rule.backend }));
  }

  hasModelRules(family: ApiFamily): boolean {
    return this.rules.some((rule) => rule.backend.api === family);
  }

  backendFor(family: ApiFamily, path: string, model: string | undefined): Backend {
    if (model !== undefined && model !== '') {
      for (const rule of this.rules) if (rule.backend.api === family && rule.matches(model)) return rule.backend;
    }
    const byPath = this.table.pathDefaults.get(path);
    if (byPath?.api === family) return byPath;
    return this.table.familyDefaults[family];
  }
}
