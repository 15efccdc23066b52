/**
 * The words of a search box, each searched as a phrase of its tokens and all required, the same on
 * both dialects. A word with no letter or digit cannot match a token and is left out.
 */
export function searchWords(search: string): string[] {
  return search.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word));
}
