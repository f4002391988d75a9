/**
 * Starts one node emulator (the firmware's host build) and waits until it
 * listens. Each has its own port, secret and state file, as a real node has
 * its own address, secret and flash.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { type Child, type ChildOptions, startChild, whenReady } from '../lib/child-process';
import { REPO_ROOT } from '../lib/data-paths';

export const EMULATOR_BINARY = join(REPO_ROOT, 'firmware', 'build', 'energy-node');

export interface EmulatorOptions {
  readonly name: string;
  /** 0: a port the system picks (the ready line says which). */
  readonly port: number;
  readonly secret?: string;
  readonly stateFile?: string;
  readonly timeScale?: number;
  readonly loadWatts?: number;
  readonly batteryWh?: number;
  readonly host?: string;
  /** No line per trade event on stderr (the delivery service logs each step already). */
  readonly quiet?: boolean;
  /** Any other flag of the emulator (see `energy-node --help`), e.g. ['--max-current', '40']. */
  readonly extraArgs?: readonly string[];
}

export function emulatorArgs(options: EmulatorOptions): string[] {
  const args = ['--host', options.host ?? '127.0.0.1', '--port', String(options.port)];
  if (options.secret !== undefined) args.push('--secret', options.secret);
  if (options.stateFile !== undefined) args.push('--state-file', options.stateFile);
  if (options.timeScale !== undefined) args.push('--time-scale', String(options.timeScale));
  if (options.loadWatts !== undefined) args.push('--load-watts', String(options.loadWatts));
  if (options.batteryWh !== undefined) args.push('--battery-wh', String(options.batteryWh));
  if (options.quiet) args.push('--quiet');
  args.push(...(options.extraArgs ?? []));
  return args;
}

export async function startEmulator(options: EmulatorOptions, childOptions: ChildOptions = {}): Promise<Child> {
  if (!existsSync(EMULATOR_BINARY)) {
    throw new Error(`${EMULATOR_BINARY} is missing: build it with "npm run build:firmware"`);
  }
  return whenReady(startChild(options.name, EMULATOR_BINARY, emulatorArgs(options), childOptions), /listening/i, 15_000);
}
