import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { createTestDatabase } from '../helpers/create-test-database.js';
import { runLuthienCli } from '../helpers/run-luthien-cli.js';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fixtures(): Promise<{ dataDir: string; upstream: MockUpstream }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'luthien-serve-'));
  const upstream = await startMockUpstream();
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }), () => upstream.close());
  return { dataDir, upstream };
}

describe('luthien serve', () => {
  it('starts on the embedded defaults, records into SQLite, and exits cleanly on SIGTERM', async () => {
    const { dataDir, upstream } = await fixtures();
    const child = spawn(process.execPath, [tsxCli, main, 'serve', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ANTHROPIC_UPSTREAM_URL: upstream.url, OPENAI_UPSTREAM_URL: `${upstream.url}/v1`, LOG_LEVEL: 'warn' },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /listening on (http:\/\/\S+) \(Anthropic upstream (\S+), OpenAI upstream (\S+)\)/.exec(stdout);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
    });

    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', components: { database: { state: 'ok', dialect: 'sqlite' } } });
    const answer = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify({ model: 'gpt-5', messages: [{ role: 'user', content: 'mock:text:2' }] }),
    });
    expect(answer.status).toBe(200);
    // Without ADMIN_API_KEY the admin APIs are closed, and start-up said how to open them.
    expect((await fetch(`${url}/api/sessions`, { headers: { authorization: 'Bearer anything' } })).status).toBe(403);
    expect(stdout + stderr).toContain('set ADMIN_API_KEY');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'luthien.db'))).toBe(true);
  });

  it('stops with the command to run when a Postgres database is behind the code', async () => {
    const { dataDir, upstream } = await fixtures();
    const databaseUrl = await createTestDatabase(inject('postgresUrl'));
    const result = await runLuthienCli(['serve', '--port', '0'], { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ANTHROPIC_UPSTREAM_URL: upstream.url });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('luthien db migrate');
  });
});
