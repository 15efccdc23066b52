import type { PolicyHolder } from '../../../policy/policy-holder.js';
import type { StoredPolicyConfig } from '../../../store/policy-config-store.js';

/** A stored version as the API shows it (times in epoch milliseconds, like the history API). */
export function storedVersionBody(stored: StoredPolicyConfig, current: number | undefined) {
  return {
    version: stored.version,
    setAt: stored.createdAt,
    setBy: stored.createdBy,
    comment: stored.comment ?? null,
    restoredFrom: stored.restoredFrom ?? null,
    current: stored.version === current,
    document: stored.document,
  };
}

/** `GET /api/policy`: the configuration in force, where it came from, and whether it can be changed here. */
export function policyStatusBody(holder: PolicyHolder) {
  const active = holder.status();
  const readOnly = holder.readOnlyReason();
  return {
    state: active.unusable === undefined ? ('ok' as const) : ('unusable' as const),
    source: active.source,
    mode: holder.mode,
    version: active.stored?.version ?? null,
    setAt: active.stored?.createdAt ?? null,
    setBy: active.stored?.createdBy ?? null,
    comment: active.stored?.comment ?? null,
    restoredFrom: active.stored?.restoredFrom ?? null,
    file: active.file ?? null,
    /** What runs, in order (nested chains flattened). */
    policies: active.chain.names,
    configuration: active.configuration ?? null,
    document: active.document ?? null,
    changeable: readOnly === undefined,
    ...(readOnly === undefined ? {} : { readOnlyReason: readOnly }),
    ...(active.unusable === undefined ? {} : { error: active.unusable.error, problems: active.unusable.problems }),
  };
}
