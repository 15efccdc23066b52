/** What a deletion removed. `sessions` counts summary rows removed because no call was left in them. */
export interface DeletionCounts {
  readonly calls: number;
  readonly policyEvents: number;
  readonly sessions: number;
}
