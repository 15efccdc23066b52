import type { CallOutcome } from '../core/call-record.js';
import type { WireFormat } from '../core/wire-format.js';

/**
 * What a live watcher sees of a call, phase by phase. Small on purpose: ids, timings, status and
 * outcome, never content (content is in the recorded history) and never a secret.
 */
interface CallEventBase {
  readonly callId: string;
  readonly sessionId?: string;
  readonly userId?: string;
  readonly model?: string;
  readonly format: WireFormat;
  /** When the phase happened, milliseconds since the epoch. */
  readonly at: number;
  /** The gateway instance the call ran on (each event bus has its own id). */
  readonly instance: string;
}

export type ActivityEvent =
  | (CallEventBase & { readonly type: 'call.received'; readonly stream: boolean; readonly backend?: string })
  | (CallEventBase & {
      readonly type: 'policy.decision';
      readonly policy: string;
      /** The policy event's own type, e.g. `policy.block-tool-calls.blocked`. */
      readonly decision: string;
      readonly summary?: string;
    })
  | (CallEventBase & { readonly type: 'call.upstream-started'; readonly backend?: string; readonly upstreamStatus: number; readonly elapsedMs: number })
  | (CallEventBase & {
      readonly type: 'call.completed';
      readonly status: number;
      readonly outcome: CallOutcome;
      readonly stopReason?: string;
      readonly durationMs: number;
      readonly inputTokens?: number;
      readonly outputTokens?: number;
    })
  | (CallEventBase & { readonly type: 'call.error'; readonly status: number; readonly outcome: CallOutcome; readonly errorCode: string; readonly durationMs: number })
  | (CallEventBase & { readonly type: 'call.aborted'; readonly status: number; readonly durationMs: number });

/**
 * The policy configuration changed (set or rolled back through the admin API), or an instance could
 * not switch to the version it was told about. About the gateway, not a call: no call fields.
 */
export type PolicyConfigEvent =
  | {
      readonly type: 'policy.config-changed';
      /** The stored version now in force; every instance loads this one. */
      readonly version: number;
      /** The policies it runs, in order (nested chains flattened). */
      readonly policies: readonly string[];
      /** Who set it (`admin` for the admin key). */
      readonly by: string;
      readonly comment?: string;
      /** For a rollback: the version whose document it restored. */
      readonly restoredFrom?: number;
      readonly at: number;
      readonly instance: string;
    }
  | {
      readonly type: 'policy.config-unusable';
      /** The stored version that could not be used, when there is one. */
      readonly version?: number;
      readonly error: string;
      readonly at: number;
      readonly instance: string;
    };

/** Everything the activity feed carries: the phases of calls, and changes of the policy configuration. */
export type FeedEvent = ActivityEvent | PolicyConfigEvent;

export type ActivityEventType = FeedEvent['type'];

export const activityEventTypes: readonly ActivityEventType[] = [
  'call.received',
  'policy.decision',
  'call.upstream-started',
  'call.completed',
  'call.error',
  'call.aborted',
  'policy.config-changed',
  'policy.config-unusable',
];

const policyConfigEventTypes: readonly string[] = ['policy.config-changed', 'policy.config-unusable'];

type WithoutInstance<T> = T extends unknown ? Omit<T, 'instance'> : never;

/** What a publisher hands the bus: the bus stamps its own instance id. */
export type NewActivityEvent = WithoutInstance<ActivityEvent>;
export type NewPolicyConfigEvent = WithoutInstance<PolicyConfigEvent>;
export type NewFeedEvent = NewActivityEvent | NewPolicyConfigEvent;

/** Which events a subscriber wants; every field given must match. */
export interface ActivityFilter {
  readonly sessionId?: string;
  readonly userId?: string;
  readonly callId?: string;
  readonly types?: readonly ActivityEventType[];
}

export function matchesFilter(event: FeedEvent, filter: ActivityFilter | undefined): boolean {
  if (filter === undefined) return true;
  // A configuration change belongs to no session, user or call: only a filter on types lets it through.
  if (isPolicyConfigEvent(event)) return filter.sessionId === undefined && filter.userId === undefined && filter.callId === undefined && (filter.types === undefined || filter.types.includes(event.type));
  return (
    (filter.sessionId === undefined || event.sessionId === filter.sessionId) &&
    (filter.userId === undefined || event.userId === filter.userId) &&
    (filter.callId === undefined || event.callId === filter.callId) &&
    (filter.types === undefined || filter.types.includes(event.type))
  );
}

const wireFormats: readonly string[] = ['anthropic', 'openai-chat', 'openai-responses'];

/**
 * Whether a message from another instance has the shape every consumer relies on. The fields of each
 * phase are not checked one by one: the instances on one channel run the same code.
 */
export function isActivityEvent(value: unknown): value is ActivityEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return (
    typeof event.type === 'string' &&
    (activityEventTypes as readonly string[]).includes(event.type) &&
    !policyConfigEventTypes.includes(event.type) &&
    typeof event.callId === 'string' &&
    typeof event.instance === 'string' &&
    typeof event.at === 'number' &&
    typeof event.format === 'string' &&
    wireFormats.includes(event.format)
  );
}

export function isPolicyConfigEvent(event: FeedEvent): event is PolicyConfigEvent {
  return policyConfigEventTypes.includes(event.type);
}

/** Whether a message from another instance is a feed event: a call's, or a configuration change with its version. */
export function isFeedEvent(value: unknown): value is FeedEvent {
  if (isActivityEvent(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  if (typeof event.type !== 'string' || !policyConfigEventTypes.includes(event.type)) return false;
  if (typeof event.instance !== 'string' || typeof event.at !== 'number') return false;
  return event.type === 'policy.config-unusable' ? typeof event.error === 'string' : typeof event.version === 'number' && Array.isArray(event.policies) && typeof event.by === 'string';
}
