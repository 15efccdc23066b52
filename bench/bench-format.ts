/** The client APIs the bench measures, in the order it runs them; `--formats` picks a subset. */
export const BENCH_FORMATS = ['anthropic', 'openai-chat', 'openai-responses'] as const;

export type BenchFormat = (typeof BENCH_FORMATS)[number];

export function isBenchFormat(name: string): name is BenchFormat {
  return (BENCH_FORMATS as readonly string[]).includes(name);
}
