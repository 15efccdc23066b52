/** A deterministic stand-in for tokenisation: roughly four bytes per token, never zero. */
export function countInputTokens(requestBytes: number): number {
  return Math.max(1, Math.ceil(requestBytes / 4));
}
