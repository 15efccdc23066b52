/** One row of the sessions list. Times are epoch milliseconds. */
export interface SessionSummary {
  readonly sessionId: string;
  readonly userId: string | undefined;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly callCount: number;
  readonly interventionCount: number;
  /** Distinct models the session's calls named, sorted. */
  readonly models: readonly string[];
  readonly lastModel: string | undefined;
}
