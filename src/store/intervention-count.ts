import type { CallRecord } from '../core/call-record.js';

/**
 * How many times policies intervened in a call. Policies emit events only when they act (transform,
 * block, answer in the model's place), so every recorded event counts. Should policies come to emit
 * pure "allowed" decisions, this is the one place to tell them apart.
 */
export function interventionCount(record: CallRecord): number {
  return record.policyEvents.length;
}
