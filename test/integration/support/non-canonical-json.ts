/**
 * `body` pretty-printed, ending with fields written the way `JSON.stringify` never writes them
 * (`1.50`, a `\u00e9` escape) and that no API knows: any re-serialisation or schema filtering on the
 * way shows up as changed bytes.
 */
export function nonCanonicalJson(body: Record<string, unknown>): string {
  const text = JSON.stringify(body, null, 2);
  return `${text.slice(0, text.lastIndexOf('}')).trimEnd()},\n  "x_future_knob": 1.50,\n  "x_future_note": "caf\\u00e9"\n}\n`;
}
