/**
 * The JSON object in a judge's text answer. Models asked for JSON still wrap it in Markdown fences or
 * a sentence now and then; the object is taken from the first `{` to the last `}` once fences are gone.
 * Returns undefined when there is no parseable object.
 */
export function parseJudgeJson(text: string): unknown {
  const unfenced = text.replace(/```(?:json)?/gi, '').trim();
  const start = unfenced.indexOf('{');
  const end = unfenced.lastIndexOf('}');
  if (start === -1 || end < start) return undefined;
  try {
    const value: unknown = JSON.parse(unfenced.slice(start, end + 1));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
