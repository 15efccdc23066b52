import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

interface Closable {
  close(): Promise<void>;
}

/**
 * Wraps a starter (of a gateway, an SDK harness, a scripted upstream) so that whatever it starts
 * during a test is closed after that test, passed or failed, and the test needs no try/finally.
 * Call it at the top of a file or describe block: it registers the afterEach there.
 */
export function closedAfterEach<A extends unknown[], T extends Closable>(start: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  return closedAfter(afterEach, start);
}

/** The same, closing after the last test of the file or describe block: for what its tests share. */
export function closedAfterAll<A extends unknown[], T extends Closable>(start: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  return closedAfter(afterAll, start);
}

/**
 * Starts one before each test, hands it to `use` (which keeps it where the tests read it), and closes
 * it after the test.
 */
export function startBeforeEach<T extends Closable>(start: () => Promise<T>, use: (started: T) => void): void {
  const startClosed = closedAfterEach(start);
  beforeEach(async () => {
    use(await startClosed());
  });
}

/** Starts one before the first test of the file or describe block, for all of them, and closes it after the last. */
export function startBeforeAll<T extends Closable>(start: () => Promise<T>, use: (started: T) => void): void {
  const startClosed = closedAfterAll(start);
  beforeAll(async () => {
    use(await startClosed());
  });
}

function closedAfter<A extends unknown[], T extends Closable>(hook: (close: () => Promise<void>) => void, start: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  const open: Closable[] = [];
  hook(async () => {
    // Newest first, the reverse of starting, as nested try/finally blocks would.
    for (const started of open.splice(0).reverse()) await started.close();
  });
  return async (...args) => {
    const started = await start(...args);
    open.push(started);
    return started;
  };
}
