import type { ApiFamily } from '../routing/api-family.js';
import type { Backend } from '../routing/backend.js';
import { parseUpstreamBase } from '../upstream/upstream-base.js';
import type { Credential } from '../upstream/resolve-credential.js';
import type { JudgeEndpoint } from './judge-endpoint.js';
import { JudgeError } from './judge-error.js';
import type { JudgeSettings } from './judge-settings.js';

/** What the judged call knows that a judge may reuse: its backend and the credential it sent there. */
export interface JudgedCall {
  readonly backend: Backend;
  /** The credential the call sends (or would send) upstream; undefined when it has none. */
  readonly credential: Credential | undefined;
}

export interface JudgeEndpointSources {
  readonly backends: ReadonlyMap<string, Backend>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Where a judge call goes and with which key. The key comes from the variable `api_key_env` names, or
 * the judged call's own credential (`credential: request`, only when the judge uses that call's
 * backend: a user's key is never sent to another provider), or the backend's server key.
 */
export function resolveJudgeEndpoint(settings: JudgeSettings, sources: JudgeEndpointSources, call: JudgedCall): JudgeEndpoint {
  const target = judgeTarget(settings, sources, call);
  return { api: target.api, name: target.name, upstream: target.upstream, credential: judgeCredential(settings, sources, call, target) };
}

interface Target {
  readonly api: ApiFamily;
  readonly name: string;
  readonly upstream: JudgeEndpoint['upstream'];
  readonly backend: Backend | undefined;
}

function judgeTarget(settings: JudgeSettings, sources: JudgeEndpointSources, call: JudgedCall): Target {
  if (settings.base_url !== undefined) {
    const upstream = parseUpstreamBase(settings.base_url);
    return { api: settings.api ?? 'openai', name: upstream.origin, upstream, backend: undefined };
  }
  const backend = settings.backend === undefined ? call.backend : sources.backends.get(settings.backend);
  if (backend === undefined) {
    throw new JudgeError('unreachable', `the judge's backend '${settings.backend ?? ''}' is not configured (known: ${[...sources.backends.keys()].join(', ')})`, { attempts: 0, latencyMs: 0 });
  }
  return { api: backend.api, name: backend.name, upstream: backend.upstream, backend };
}

function judgeCredential(settings: JudgeSettings, sources: JudgeEndpointSources, call: JudgedCall, target: Target): Credential | undefined {
  const header = target.api === 'anthropic' ? 'x-api-key' : 'authorization';
  if (settings.api_key_env !== undefined) {
    const value = sources.env[settings.api_key_env];
    if (value === undefined || value === '') {
      throw new JudgeError('unreachable', `the judge key variable ${settings.api_key_env} is not set`, { attempts: 0, latencyMs: 0 });
    }
    return { header, value };
  }
  if (settings.credential === 'none') return undefined;
  if (settings.credential === 'request' && target.backend === call.backend) return call.credential;
  if (target.backend?.serverKey !== undefined) return { header: target.backend.serverKeyHeader, value: target.backend.serverKey };
  return undefined;
}
