import { z } from 'zod';

/** One setting: read from the environment variable of the same name. */
export interface Setting<T extends z.ZodType = z.ZodType> {
  readonly schema: T;
  readonly description: string;
  /** How the default reads in the docs, when it is not a literal (e.g. computed from the home directory). */
  readonly defaultText?: string;
  /** Never logged or shown; docs/configuration.md marks it. */
  readonly secret?: boolean;
  readonly group: 'Server' | 'Upstream' | 'Authentication' | 'Limits' | 'Policies' | 'Storage' | 'Logging';
}

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const optionalSecret = z.string().min(1).optional();

/**
 * Every setting Luthien reads. This table is the single source: `loadConfig` validates the environment
 * against it and docs/configuration.md is generated from it (`npm run docs:generate`).
 */
export const settings = {
  GATEWAY_PORT: {
    group: 'Server',
    schema: port.default(8000),
    description: 'Port the gateway listens on (`luthien serve --port` overrides it).',
  },
  GATEWAY_HOST: {
    group: 'Server',
    schema: z.string().min(1).default('127.0.0.1'),
    description: 'Interface the gateway binds to. Use `0.0.0.0` to accept connections from other machines.',
  },
  DATA_DIR: {
    group: 'Server',
    schema: z.string().min(1).optional(),
    defaultText: '~/.luthien',
    description: 'Directory for Luthien’s own data (the embedded database and the like).',
  },
  ANTHROPIC_UPSTREAM_URL: {
    group: 'Upstream',
    schema: z.url().default('https://api.anthropic.com'),
    description: 'Base URL of the Anthropic-compatible upstream; `/v1/...` paths are appended to it.',
  },
  ANTHROPIC_API_KEY: {
    group: 'Upstream',
    schema: optionalSecret,
    secret: true,
    description: 'The server’s Anthropic key, sent upstream when a client presents `PROXY_API_KEY`.',
  },
  OPENAI_UPSTREAM_URL: {
    group: 'Upstream',
    schema: z.url().default('https://api.openai.com/v1'),
    description:
      'Base URL of the OpenAI-compatible upstream, including its `/v1` (as the OpenAI SDKs take it): `/v1/chat/completions` goes to `<url>/chat/completions`.',
  },
  OPENAI_API_KEY: {
    group: 'Upstream',
    schema: optionalSecret,
    secret: true,
    description: 'The server’s OpenAI key, sent upstream as `Authorization: Bearer` when a client presents `PROXY_API_KEY`.',
  },
  ROUTING_CONFIG: {
    group: 'Upstream',
    schema: z.string().min(1).optional(),
    defaultText: '(none: the two built-in backends)',
    description: 'YAML file with more backends, defaults per API family or path, and model-name rules (see “Routing” below).',
  },
  UPSTREAM_TIMEOUT_MS: {
    group: 'Upstream',
    schema: positiveInt.default(600_000),
    description: 'Longest wait for upstream response headers, and longest silence between streamed chunks.',
  },
  UPSTREAM_CONNECT_TIMEOUT_MS: {
    group: 'Upstream',
    schema: positiveInt.default(10_000),
    description: 'Longest wait to open a connection to the upstream.',
  },
  UPSTREAM_CONNECTIONS: {
    group: 'Upstream',
    schema: positiveInt.default(128),
    description: 'Most concurrent keep-alive connections to each upstream origin.',
  },
  AUTH_MODE: {
    group: 'Authentication',
    schema: z.enum(['proxy_key', 'passthrough', 'both']).default('both'),
    description:
      '`proxy_key`: clients must present `PROXY_API_KEY` and the upstream gets the server’s key. `passthrough`: the client’s own credential goes upstream unchanged. `both`: the proxy key maps to the server’s key, any other credential passes through.',
  },
  PROXY_API_KEY: {
    group: 'Authentication',
    schema: optionalSecret,
    secret: true,
    description: 'The key clients present to use the server’s upstream keys (required with `AUTH_MODE=proxy_key`).',
  },
  ADMIN_API_KEY: {
    group: 'Authentication',
    schema: optionalSecret,
    secret: true,
    description:
      'Key for the admin and history APIs (`/api/…`), sent as `Authorization: Bearer` or `x-api-key`. Unset: those APIs are closed (403); there is no localhost bypass.',
  },
  ACTIVITY_HEARTBEAT_MS: {
    group: 'Server',
    schema: positiveInt.default(15_000),
    description: 'How often `GET /api/activity/stream` sends a comment line, so proxies keep an idle stream open.',
  },
  MAX_REQUEST_BYTES: {
    group: 'Limits',
    schema: positiveInt.default(10 * 1024 * 1024),
    description: 'Largest request body accepted; larger ones get 413.',
  },
  MAX_MESSAGES: {
    group: 'Limits',
    schema: positiveInt.default(10_000),
    description: 'Most entries accepted in a request’s `messages`.',
  },
  POLICY_CONFIG: {
    group: 'Policies',
    schema: z.string().min(1).optional(),
    defaultText: '(none: the `noop` policy)',
    description:
      'YAML file naming the policy or chain to run, e.g. `policy: { name: all-caps }` (see docs/policies.md#configuration). When set it is checked at start-up even if the database’s version is used, so a broken fallback is found before it is needed.',
  },
  POLICY_SOURCE: {
    group: 'Policies',
    schema: z.enum(['file', 'db', 'db-fallback-file', 'file-fallback-db']).default('db-fallback-file'),
    description:
      'Where the policy configuration comes from. `file`: `POLICY_CONFIG` only; the admin API cannot change it (409). `db`: the newest version stored through the admin API (`noop` until one is). `db-fallback-file`: the stored version, or `POLICY_CONFIG` while none is stored. `file-fallback-db`: `POLICY_CONFIG` when set (read-only, like `file`), else the stored version. Whenever a stored version can be in force the database is opened, even with `RECORD_CALLS=false`. See docs/policies.md#configuration.',
  },
  POLICY_DIR: {
    group: 'Policies',
    schema: z.string().min(1).optional(),
    defaultText: '(none: built-in policies only)',
    description:
      'Directory of user policies: each `.js` / `.mjs` file in it default-exports a policy definition (or an array of them), named in configurations like a built-in. The code runs with the proxy’s rights: see docs/security.md.',
  },
  POLICY_HOOK_TIMEOUT_MS: {
    group: 'Policies',
    schema: positiveInt.default(30_000),
    description:
      'Longest a policy hook may take (per call of `onRequest`, `onToolCall`, …) unless the policy’s configuration (`timeout_ms`) or definition says otherwise. A hook that takes longer is failed by its policy’s failure mode.',
  },
  STREAM_VALIDATION: {
    group: 'Policies',
    schema: z.enum(['off', 'log']).default('off'),
    description:
      '`log`: check every response the gateway sends against its format’s rules (event order, indices, stop reason, …) and log each violation as a warning with the call id, format and rule. It costs a copy of each response; the tests run with it on.',
  },
  DATABASE_URL: {
    group: 'Storage',
    schema: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    secret: true,
    defaultText: '(none: SQLite, `luthien.db` in `DATA_DIR`)',
    description:
      'Postgres (`postgres://user:password@host:5432/db`) to keep calls and sessions in, so several instances share them. Run `luthien db migrate` before the first start and after each upgrade; without it the embedded SQLite file is used and migrated automatically.',
  },
  DATABASE_POOL_SIZE: {
    group: 'Storage',
    schema: positiveInt.default(10),
    description: 'Most connections to Postgres at once (per instance).',
  },
  DATABASE_CONNECT_TIMEOUT_MS: {
    group: 'Storage',
    schema: positiveInt.default(5000),
    description: 'Longest wait to open a connection to Postgres.',
  },
  DATABASE_STATEMENT_TIMEOUT_MS: {
    group: 'Storage',
    schema: positiveInt.default(30_000),
    description: 'Longest a Postgres statement may run before the server cancels it.',
  },
  RECORD_CALLS: {
    group: 'Storage',
    schema: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
    description:
      'Record every model call (requests, responses, policy decisions) in the database. `false` keeps nothing: the history API then has nothing to show.',
  },
  RETENTION_DAYS: {
    group: 'Storage',
    schema: positiveInt.optional(),
    defaultText: '(unset: keep everything)',
    description: 'Delete recorded calls older than this many days; checked at start-up and every hour. See docs/data-retention.md.',
  },
  RECORDER_QUEUE_MAX: {
    group: 'Storage',
    schema: positiveInt.default(10_000),
    description:
      'Most finished calls held in memory waiting to be written. While the database is unreachable they queue up to this bound, then the oldest are dropped (and counted: see `/ready`).',
  },
  RECORDER_BATCH_SIZE: {
    group: 'Storage',
    schema: positiveInt.default(100),
    description: 'Most calls written to the database in one batch.',
  },
  RECORDER_FLUSH_MS: {
    group: 'Storage',
    schema: positiveInt.default(250),
    description: 'Longest a finished call waits for its batch to fill before it is written anyway.',
  },
  RECORDER_WRITE_TIMEOUT_MS: {
    group: 'Storage',
    schema: positiveInt.default(10_000),
    description: 'A database write still pending after this long counts as failed; its batch is retried.',
  },
  RECORDER_WORKER_SCHEDULING: {
    group: 'Storage',
    schema: z.enum(['idle', 'nice']).default('idle'),
    description:
      "Linux: how recording shares the CPU with the threads that serve requests. `idle` runs the thread that writes records under the kernel's SCHED_IDLE policy, set with `chrt` (util-linux or BusyBox, on the `PATH`): it runs only on CPU time nothing else wants and gives a core up the moment a request needs it, the queue holding what waits. Should it fall a quarter of `RECORDER_QUEUE_MAX` behind (every core busy for a while), a second thread, at `RECORDER_WORKER_NICE`, writes until the queue is empty. `nice` keeps one thread at `RECORDER_WORKER_NICE`, taking its share of a busy CPU at all times, at some cost to request throughput. Where `chrt` is missing or the policy cannot be set, `idle` leaves the thread at its nice value and logs a warning. The threads are named `luthien-record` (`top -H`, `ps -L`), so their CPU can be told from the thread that serves requests.",
  },
  RECORDER_WORKER_NICE: {
    group: 'Storage',
    schema: z.coerce.number().int().min(0).max(19).default(10),
    description:
      'Linux: the nice value of the thread that writes records with `RECORDER_WORKER_SCHEDULING=nice`, of the one that catches up with `idle`, and of the idle one where SCHED_IDLE cannot be set. Above 0, serving requests goes first and recording takes a smaller share of a busy CPU (under sustained saturation the queue grows, up to `RECORDER_QUEUE_MAX`); 0 keeps recording level with serving, at some cost to request throughput on a busy machine.',
  },
  REDIS_URL: {
    group: 'Storage',
    schema: z.url({ protocol: /^rediss?$/ }).optional(),
    secret: true,
    defaultText: '(none: events stay in this process)',
    description:
      'Redis (`redis://` or `rediss://`) whose pub/sub carries activity events between instances, so every instance sees every call. Without it the event bus is in-process.',
  },
  LOG_LEVEL: {
    group: 'Logging',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'Least severe log level written (JSON lines on stdout; secrets are redacted).',
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof settings;
