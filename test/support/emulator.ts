/**
 * A node emulator (the firmware's host build) for tests and benchmarks that
 * talk to one node alone: started as npm start starts one
 * (scripts/nodes/emulator.ts), on a port the system picks, with any flags.
 */
import { spawn } from 'node:child_process';

import type { Child } from '../../scripts/lib/child-process';
import { EMULATOR_BINARY, startEmulator } from '../../scripts/nodes/emulator';

export interface RunningEmulator {
  readonly url: string;
  readonly port: number;
  readonly child: Child;
  /** Everything the emulator wrote to stderr so far (trade events, warnings). */
  stderr(): string;
  /** Sends a signal (SIGTERM by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the emulator with `flags` (see `energy-node --help`) on a free port and waits until it listens. */
export async function startTestEmulator(flags: readonly string[], name = 'energy-node'): Promise<RunningEmulator> {
  let stderr = '';
  const onLine = (line: string, stream: 'stdout' | 'stderr') => {
    if (stream === 'stderr') stderr += `${line}\n`;
  };
  const child = await startEmulator({ name, port: 0, extraArgs: flags }, { onLine });
  const listening = await child.waitForLine(/listening on http:\/\/\S+/);
  const url = /(http:\/\/\S+)/.exec(listening)![1];
  return {
    url,
    port: Number(new URL(url).port),
    child,
    stderr: () => stderr,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (!child.hasExited()) child.process.kill(signal);
      return (await child.exited).code;
    },
  };
}

/** Runs the emulator to its end (for flag errors) and returns its exit code and stderr. */
export function runEmulatorToExit(flags: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(EMULATOR_BINARY, flags, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('exit', (code) => done({ code, stderr }));
  });
}

