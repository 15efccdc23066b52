/**
 * A model-name pattern: `*` matches any run of characters, `?` one character, everything else itself
 * (case-sensitive, as providers treat model names). `gpt-oss-*` matches `gpt-oss-20b`.
 */
export function compileModelPattern(pattern: string): (model: string) => boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  const regex = new RegExp(`^${source}$`, 's');
  return (model) => regex.test(model);
}
