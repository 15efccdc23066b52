/** Decodes a path segment, keeping it as sent when it is not valid percent-encoding. */
export function safeDecodeURIComponent(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
