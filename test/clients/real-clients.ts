import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the real clients are installed, cached between runs (git ignores it). */
export const clientsDir = join(import.meta.dirname, '..', '..', '.cache', 'real-clients');

/** Pinned: the request shapes the format code and the scripted upstream follow were taken from these versions. */
export const pinnedClients = {
  '@openai/codex': '0.169.0',
  '@anthropic-ai/claude-code': '2.1.197',
} as const;

export interface ClientRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a client binary with a clean environment: no real keys, settings or proxies leak in. */
function run(binary: string, args: readonly string[], env: Record<string, string>, cwd: string): Promise<ClientRun> {
  return new Promise((resolve) => {
    execFile(
      join(clientsDir, 'node_modules', '.bin', binary),
      args,
      { cwd, env: { PATH: '/usr/bin:/bin', TERM: 'dumb', ...env }, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ exitCode: code, stdout, stderr });
      },
    ).stdin?.end();
  });
}

/** A fresh home and working directory for one client run. */
function sandbox(): { home: string; work: string } {
  const root = mkdtempSync(join(tmpdir(), 'luthien-client-'));
  const home = join(root, 'home');
  const work = join(root, 'work');
  mkdirSync(home);
  mkdirSync(work);
  return { home, work };
}

export interface CodexOptions {
  /** Luthien's URL (no `/v1`). */
  readonly gatewayUrl: string;
  readonly prompt: string;
  /** `custom`: a model provider in config.toml; `builtin`: the `openai` provider with `openai_base_url`. */
  readonly provider?: 'custom' | 'builtin';
}

/** `codex exec` against Luthien (config as in the README); returns the run and Codex's last message. */
export async function runCodex(options: CodexOptions): Promise<ClientRun & { readonly lastMessage: string }> {
  const { home, work } = sandbox();
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome);
  writeFileSync(
    join(codexHome, 'config.toml'),
    [
      'model = "gpt-5-codex"',
      'approval_policy = "never"',
      // Bubblewrap cannot run in every CI container; the commands the scripted model asks for are harmless.
      'sandbox_mode = "danger-full-access"',
      'check_for_update_on_startup = false',
      '[analytics]',
      'enabled = false',
      '[features]',
      'plugins = false',
      'remote_plugin = false',
      'unbounded_connection_retries = false',
      '[model_providers.luthien]',
      'name = "Luthien"',
      `base_url = "${options.gatewayUrl}/v1"`,
      'env_key = "LUTHIEN_KEY"',
      'wire_api = "responses"',
      'request_max_retries = 1',
      'stream_max_retries = 1',
    ].join('\n'),
  );
  const last = join(work, 'last.txt');
  const provider =
    options.provider === 'builtin' ? ['-c', 'model_provider=openai', '-c', `openai_base_url=${options.gatewayUrl}/v1`] : ['-c', 'model_provider=luthien'];
  const result = await run(
    'codex',
    ['exec', '--skip-git-repo-check', ...provider, '-o', last, options.prompt],
    { HOME: home, CODEX_HOME: codexHome, LUTHIEN_KEY: 'sk-client-key', CODEX_API_KEY: 'sk-client-key' },
    work,
  );
  let lastMessage = '';
  try {
    lastMessage = readFileSync(last, 'utf8');
  } catch {
    // No last message: the run failed, which `exitCode` and `stderr` show.
  }
  return { ...result, lastMessage };
}

export interface ClaudeResult {
  readonly is_error: boolean;
  readonly result: string;
  readonly num_turns: number;
  readonly session_id: string;
}

/** `claude -p` against Luthien, as real-clients.md describes; returns the run and its JSON result. */
export async function runClaudeCode(gatewayUrl: string, prompt: string): Promise<ClientRun & { readonly result: ClaudeResult | undefined }> {
  const { home, work } = sandbox();
  const outcome = await run(
    'claude',
    ['-p', prompt, '--output-format', 'json', '--max-turns', '4', '--allowedTools', 'Bash'],
    {
      HOME: home,
      ANTHROPIC_BASE_URL: gatewayUrl,
      ANTHROPIC_API_KEY: 'sk-client-key',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_ERROR_REPORTING: '1',
      DISABLE_BUG_COMMAND: '1',
      CLAUDE_CODE_MAX_RETRIES: '2',
    },
    work,
  );
  let result: ClaudeResult | undefined;
  try {
    result = JSON.parse(outcome.stdout) as ClaudeResult;
  } catch {
    result = undefined;
  }
  return { ...outcome, result };
}
