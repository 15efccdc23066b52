import { pino, type Logger, type DestinationStream } from 'pino';

/** Paths pino censors wherever they appear in a log object: credentials never reach the logs. */
export const redactedPaths = [
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'headers["proxy-authorization"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers.cookie',
  'apiKey',
  'proxyKey',
  'credential',
  '*.credential',
];

export type { Logger };

/** JSON lines on stdout (or `destination`), with secrets redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'luthien' }, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}
