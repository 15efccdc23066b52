import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { checkSchema } from '../store/check-schema.js';
import { deleteSession } from '../store/delete-session.js';
import { deleteUser } from '../store/delete-user.js';
import type { DeletionCounts } from '../store/deletion-counts.js';
import { migrateToLatest } from '../store/migrate-to-latest.js';
import { openReadyStore } from '../store/open-ready-store.js';
import { openStore } from '../store/open-store.js';
import { purgeOlderThan } from '../store/purge-older-than.js';
import type { Store } from '../store/store.js';
import { StoreSchemaError } from '../store/store-schema-error.js';
import { parseAge } from './parse-age.js';

/** `luthien db …`: migrate, purge and delete, on the database the environment configures. */
export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('manage the database (SQLite in DATA_DIR, or Postgres at DATABASE_URL)');

  db.command('migrate')
    .description('apply pending schema migrations (needed for Postgres before the first start and after upgrades)')
    .action(async () => {
      await withStore(() => openStore(loadConfig()), async (store) => {
        const state = await checkSchema(store);
        if (state.state === 'ahead') throw new StoreSchemaError(state.message);
        const applied = await migrateToLatest(store);
        say(applied.length === 0 ? `${store.location} is up to date: no migrations to apply.` : `Applied ${plural(applied.length, 'migration')} to ${store.location}: ${applied.join(', ')}.`);
      });
    });

  db.command('purge')
    .description('delete calls older than an age, e.g. --older-than 30d (d: days, h: hours)')
    .requiredOption('--older-than <age>', 'age of the calls to delete: 30d, 12h', parseAge)
    .action(async (options: { olderThan: number }) => {
      await withStore(() => openReadyStore(loadConfig()), async (store) => {
        const cutoff = new Date(Date.now() - options.olderThan);
        const counts = await purgeOlderThan(store, cutoff.getTime());
        say(`Purged calls received before ${cutoff.toISOString()} from ${store.location}: ${describe(counts)}.`);
      });
    });

  db.command('delete')
    .description("delete everything kept about one session or one user's calls")
    .option('--session <id>', 'session id')
    .option('--user <id>', 'user id')
    .action(async (options: { session?: string; user?: string }, command: Command) => {
      if ((options.session === undefined) === (options.user === undefined)) command.error('luthien: give exactly one of --session ID or --user ID');
      await withStore(() => openReadyStore(loadConfig()), async (store) => {
        if (options.session !== undefined) {
          say(`Deleted session ${options.session} from ${store.location}: ${describe(await deleteSession(store, options.session))}.`);
        } else if (options.user !== undefined) {
          say(`Deleted the calls of user ${options.user} from ${store.location}: ${describe(await deleteUser(store, options.user))}.`);
        }
      });
    });
}

/**
 * Opens the store, does the work, closes it. A database that cannot be reached or is on another schema
 * is the operator's to fix, so it prints as one line (exit 1), not as a stack trace; a bad configuration
 * still reaches main's handler.
 */
async function withStore(open: () => Store | Promise<Store>, work: (store: Store) => Promise<void>): Promise<void> {
  let store: Store;
  try {
    store = await open();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    return fail(error);
  }
  try {
    await work(store);
  } catch (error) {
    fail(error);
  } finally {
    await store.close();
  }
}

function fail(error: unknown): void {
  process.stderr.write(`luthien: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof StoreSchemaError ? 2 : 1;
}

function describe(counts: DeletionCounts): string {
  return `${plural(counts.calls, 'call')}, ${plural(counts.policyEvents, 'policy event')}, ${plural(counts.sessions, 'session')} removed`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
