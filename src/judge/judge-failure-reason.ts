import { JudgeError } from './judge-error.js';

/** Why a judge gave no verdict, in words for the person reading the message (never the judge's own output). */
export function judgeFailureReason(error: unknown): string {
  if (!(error instanceof JudgeError)) return 'it failed';
  switch (error.kind) {
    case 'timeout':
      return 'it did not answer in time';
    case 'http':
      return `it answered with HTTP ${error.details.status ?? 'an error'}`;
    case 'malformed':
      return 'its answer was not a verdict';
    case 'aborted':
      return 'the request was abandoned';
    case 'unreachable':
      return 'it could not be reached';
  }
}
