const PROBABILITY_SYNTAX = /^\d+(?:\.\d+)?$/;
const PLAIN_WORDS = /^[A-Za-z0-9 -]+$/;

/**
 * The `mock:verdict:` (or, fenced, `mock:verdict-fenced:`) directive for a judge answer with this
 * probability and explanation. Plain words travel with `_` for spaces; anything else as base64url.
 */
export function verdictDirective(probability: number, explanation?: string, options: { readonly fenced?: boolean } = {}): string {
  const written = String(probability);
  // Exponent and negative forms are not in the directive's syntax; script those with mock:verdict-invalid.
  if (!PROBABILITY_SYNTAX.test(written)) throw new Error(`verdictDirective: ${written} cannot be written as a directive`);
  if (explanation === '') throw new Error('verdictDirective: the explanation is empty; omit it for the default one');
  const head = `mock:verdict${options.fenced === true ? '-fenced' : ''}:${written}`;
  if (explanation === undefined) return head;
  if (PLAIN_WORDS.test(explanation)) return `${head}:${explanation.replaceAll(' ', '_')}`;
  return `${head}:b64:${Buffer.from(explanation, 'utf8').toString('base64url')}`;
}
