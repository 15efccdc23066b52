/** The last header set serialised: its names in order, its values, and its text. */
let lastNames: readonly string[] = [];
let lastHeaders: Readonly<Record<string, string>> | undefined;
let lastText = '';

/**
 * `JSON.stringify(headers)` for a call's kept request headers, reusing the previous call's text when
 * the headers are the same, names and values in the same order: a client sends the same ones on
 * every call of a session (its version, the API version, its beta flags), so most calls compare a
 * dozen short strings instead of serialising them and allocating the text again.
 */
export function headersJson(headers: Readonly<Record<string, string>>): string {
  const names = Object.keys(headers);
  if (lastHeaders !== undefined && sameHeaders(names, headers, lastHeaders)) return lastText;
  lastText = JSON.stringify(headers);
  lastNames = names;
  lastHeaders = headers;
  return lastText;
}

function sameHeaders(names: readonly string[], headers: Readonly<Record<string, string>>, last: Readonly<Record<string, string>>): boolean {
  if (names.length !== lastNames.length) return false;
  for (let index = 0; index < names.length; index += 1) {
    const name = names[index] as string;
    if (name !== lastNames[index] || headers[name] !== last[name]) return false;
  }
  return true;
}
