/** A request header as one string: repeated headers (allowed for `x-mock-script`) are joined with spaces. */
export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(' ') : value;
}
