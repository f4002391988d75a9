/**
 * Starts firmware/build/energy-node on a free port and waits for its
 * "energy-node listening on http://..." line. Shared by the HTTP tests and
 * scripts/bench/firmware.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';

export const EMULATOR_PATH = resolve(__dirname, '..', '..', 'build', 'energy-node');

export interface RunningEmulator {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the emulator wrote to stderr so far (trade events, warnings). */
  stderr(): string;
  /** Sends a signal (SIGTERM by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startEmulator(args: string[], startTimeoutMs = 10_000): Promise<RunningEmulator> {
  const child = spawn(EMULATOR_PATH, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const url = await new Promise<string>((done, fail) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`emulator did not start: ${stderr}`)), startTimeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /energy-node listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`emulator exited with ${code} before listening: ${stderr}`));
    });
  });

  return {
    url,
    port: Number(new URL(url).port),
    child,
    stderr: () => stderr,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the emulator to completion (for flag errors) and returns its exit code and stderr. */
export function runEmulatorToExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(EMULATOR_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('exit', (code) => done({ code, stderr }));
  });
}

/**
 * Writes raw bytes to the emulator and collects what comes back until the
 * server closes the connection or `idleMs` passes without data.
 */
export function rawExchange(port: number, data: string | Buffer, idleMs = 500): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let timer = setTimeout(() => socket.end(), idleMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      clearTimeout(timer);
      timer = setTimeout(() => socket.end(), idleMs);
    });
    socket.on('error', fail);
    socket.on('close', () => {
      clearTimeout(timer);
      done(received);
    });
    socket.write(data);
  });
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
