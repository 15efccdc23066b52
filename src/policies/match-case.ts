/**
 * `replacement` in the case shape of `original`: all capitals → all capitals (HELLO → BYE), all small
 * → all small (hello → bye), a capital then small letters → the same (Hello → Bye). Any other shape
 * (hELLo), or an original without letters, keeps `replacement` as it was written.
 */
export function matchCase(original: string, replacement: string): string {
  const letters = original.replace(/[^\p{L}]/gu, '');
  if (letters === '') return replacement;
  const upper = letters.toUpperCase();
  const lower = letters.toLowerCase();
  if (upper === lower) return replacement; // scripts without case
  const first = String.fromCodePoint(letters.codePointAt(0) ?? 0);
  const rest = letters.slice(first.length);
  // A single capital ("A") reads as a capitalised word rather than a shout.
  if (first === first.toUpperCase() && first !== first.toLowerCase() && rest === rest.toLowerCase()) {
    const head = String.fromCodePoint(replacement.codePointAt(0) ?? 0);
    return replacement === '' ? '' : head.toUpperCase() + replacement.slice(head.length).toLowerCase();
  }
  if (letters === upper) return replacement.toUpperCase();
  if (letters === lower) return replacement.toLowerCase();
  return replacement;
}
