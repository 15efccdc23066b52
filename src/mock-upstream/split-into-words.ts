/** Splits text into word-sized deltas that concatenate back to exactly the original text. */
export function splitIntoWords(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}
