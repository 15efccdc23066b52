/** The last header set serialised, and its text. */
let lastHeaders: Readonly<Record<string, string>> | undefined;
let lastText = '';

/**
 * `JSON.stringify(headers)` for a call's kept request headers, reusing the previous call's text when
 * the headers are the same, names and values in the same order: a client sends the same ones on
 * every call of a session (its version, the API version, its beta flags), so most calls compare a
 * dozen short strings instead of serialising them and allocating the text again.
 */
export function headersJson(headers: Readonly<Record<string, string>>): string {
  if (lastHeaders !== undefined && sameHeaders(headers, lastHeaders)) return lastText;
  lastText = JSON.stringify(headers);
  lastHeaders = headers;
  return lastText;
}

function sameHeaders(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const names = Object.keys(a);
  const others = Object.keys(b);
  if (names.length !== others.length) return false;
  for (let index = 0; index < names.length; index += 1) {
    const name = names[index] as string;
    if (name !== others[index] || a[name] !== b[name]) return false;
  }
  return true;
}
