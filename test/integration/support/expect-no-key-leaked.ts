import { expect } from 'vitest';
import type { TestGateway } from '../../helpers/start-test-gateway.js';

/** Checks that no value of `keys` appears in the gateway's logs or in any of `texts`; wait for the log lines first. */
export function expectNoKeyLeaked(keys: readonly string[], target: TestGateway, texts: readonly string[]): void {
  const logged = JSON.stringify(target.logs);
  for (const key of keys) {
    expect(logged).not.toContain(key);
    for (const text of texts) expect(text).not.toContain(key);
  }
}
