/** One gateway of the policy bench: the policy configuration it serves, and how to tell it is in force. */
export interface PolicyBenchConfig {
  /** For the report and the gateway's name. */
  readonly label: 'noop' | 'all-caps' | 'chain';
  /** Written as the gateway's `POLICY_CONFIG` file (JSON, which is YAML). */
  readonly config: { readonly policy: Readonly<Record<string, unknown>> };
  /**
   * Bytes the answer to the bench request carries only when this policy ran (the scripted model writes
   * `word1 word2 …`), so a gateway that silently fell back to another policy is not measured as this one.
   */
  readonly proof: string;
}

/**
 * noop is the baseline; all-caps the simplest policy that rewrites every text delta; the chain three
 * policies of different kinds in a row: all-caps, then a replacement that does match (`WORD` → `TERM`,
 * case-matched, so the streaming replacer does real work on every delta), then block-tool-calls with
 * its built-in rules (the answer has no tool call, so it only inspects).
 */
export const POLICY_BENCH_CONFIGS: readonly PolicyBenchConfig[] = [
  { label: 'noop', config: { policy: { name: 'noop' } }, proof: 'word1' },
  { label: 'all-caps', config: { policy: { name: 'all-caps' } }, proof: 'WORD1' },
  {
    label: 'chain',
    config: {
      policy: {
        name: 'chain',
        config: {
          policies: [
            { name: 'all-caps' },
            { name: 'string-replacement', config: { replacements: [{ from: 'word', to: 'term', case: 'match' }] } },
            { name: 'block-tool-calls' },
          ],
        },
      },
    },
    proof: 'TERM1',
  },
];
