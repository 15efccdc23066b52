import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * A new empty database on the test server, so each test (or file) starts clean without restarting
 * Postgres. Returns its URL.
 */
export async function createTestDatabase(serverUrl: string): Promise<string> {
  const name = `luthien_test_${randomUUID().replaceAll('-', '')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
