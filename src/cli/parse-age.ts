import { InvalidArgumentError } from 'commander';

const unitMs = { d: 86_400_000, h: 3_600_000 } as const;

/** An age such as `30d` or `12h`, in milliseconds (commander option parser). */
export function parseAge(value: string): number {
  const match = /^(\d+)([dh])$/.exec(value.trim());
  if (match === null) throw new InvalidArgumentError('must be a number of days or hours, e.g. 30d or 12h');
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}
