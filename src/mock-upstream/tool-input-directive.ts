/**
 * The `mock:tool-input:` directive that makes a scripted tool call carry exactly `input`. Encoded
 * as base64url, so directives inside the input (for a judge that will read it) stay hidden from
 * the request that asks for the call.
 */
export function toolInputDirective(input: Readonly<Record<string, unknown>>): string {
  return `mock:tool-input:${Buffer.from(JSON.stringify(input), 'utf8').toString('base64url')}`;
}
