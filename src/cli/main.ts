import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { ConfigFileError } from '../config/read-yaml-file.js';
import { StoreSchemaError } from '../store/store-schema-error.js';
import { version } from '../version.js';
import { registerDbCommands } from './register-db-commands.js';
import { registerPolicyCommands } from './register-policy-commands.js';

function portNumber(value: string): string {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return value;
}

const program = new Command('luthien').description('Luthien: an AI-control proxy for LLM APIs').version(version);

program
  .command('serve')
  .description('start the gateway (settings from the environment, see docs/configuration.md)')
  .option('-p, --port <port>', 'port to listen on (default: GATEWAY_PORT or 8000)', portNumber)
  .option('-H, --host <host>', 'interface to bind (default: GATEWAY_HOST or 127.0.0.1)')
  .action(async (options: { port?: string; host?: string }) => {
    const config = loadConfig(process.env, {
      ...(options.port === undefined ? {} : { GATEWAY_PORT: options.port }),
      ...(options.host === undefined ? {} : { GATEWAY_HOST: options.host }),
    });
    // Loaded on use: `luthien db …` and `--version` should not pay for the whole gateway.
    const { startGateway } = await import('../serve.js');
    const gateway = await startGateway(config);
    gateway.logger.info({ url: gateway.url, anthropic: config.ANTHROPIC_UPSTREAM_URL, openai: config.OPENAI_UPSTREAM_URL, authMode: config.AUTH_MODE }, 'luthien listening');
    process.stdout.write(`Luthien ${version} listening on ${gateway.url} (Anthropic upstream ${config.ANTHROPIC_UPSTREAM_URL}, OpenAI upstream ${config.OPENAI_UPSTREAM_URL})\n`);
    const shutdown = (signal: string) => {
      gateway.logger.info({ signal }, 'shutting down');
      // In-flight streams finish; a second signal exits at once.
      process.once(signal, () => process.exit(1));
      gateway.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });

program
  .command('mock-upstream')
  .description('start the scripted upstream (an Anthropic-compatible stand-in for tests and demos)')
  .option('-p, --port <port>', 'port to listen on', portNumber, '8100')
  .option('-H, --host <host>', 'interface to bind', '127.0.0.1')
  .action(async (options: { port: string; host: string }) => {
    const { runMockUpstreamCli } = await import('../mock-upstream/run-mock-upstream-cli.js');
    await runMockUpstreamCli({ port: Number(options.port), host: options.host });
  });

registerDbCommands(program);
registerPolicyCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError || error instanceof ConfigFileError || error instanceof StoreSchemaError) {
    process.stderr.write(`luthien: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
