/** What the one-shot CLI commands share: their output streams, test overrides, and argument parsing that exits 2 naming the problem. */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { errorMessage } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface CommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** An explicit Kubernetes API URL (tests against the loopback fake). */
  readonly kubernetesServer?: string;
  /** "Now" for evidence windows (tests replaying a past incident); the system clock by default. */
  readonly clock?: Clock;
}

/** The parsed flags, or undefined after one stderr line naming the bad argument. */
export function parseCommandArgs<T extends ParseArgsOptionsConfig>(command: string, args: readonly string[], options: T, io: CommandIo): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true }>>['values'] | undefined {
  try {
    return parseArgs({ args: [...args], options, strict: true }).values;
  } catch (error) {
    io.stderr(`triaged ${command}: ${errorMessage(error)}`);
    return undefined;
  }
}
