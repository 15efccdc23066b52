/** Parses JSON, answering undefined for malformed text: a bad body is an expected input here, not a crash. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
