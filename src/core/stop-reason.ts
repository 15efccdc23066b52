/**
 * Why the model stopped, in neutral terms. Each format maps its own vocabulary to and from these;
 * a reason we do not know travels as `other:<raw value>` and is written back unchanged.
 */
export type StopReason =
  | 'end-turn'
  | 'max-tokens'
  | 'stop-sequence'
  | 'tool-use'
  | 'pause-turn'
  | 'refusal'
  | 'content-filter'
  | `other:${string}`;
