/** Something a judge could not review and that was let through (`on_judge_error: allow`). */
export interface Unreviewed {
  /** What it was, as the user reads it, e.g. "the `Bash` tool call" or "this request". */
  readonly what: string;
  /** Why the judge gave no verdict (see judgeFailureReason). */
  readonly why: string;
}

/**
 * The note appended to a response when a judge failed and its policy lets content through anyway: a
 * failure must never pass silently, so the user learns what went unreviewed and why.
 */
export function unreviewedNote(judge: 'safety' | 'rules', items: readonly Unreviewed[]): string {
  const list = items.map((item) => `${item.what} (${item.why})`).join('; ');
  const verb = items.length === 1 ? 'It was' : 'They were';
  return `⚠️ The ${judge} judge could not review ${list}. ${verb} allowed without review.`;
}
