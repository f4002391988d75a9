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
  /** What the line draws while this node exports (--export-watts). */
  readonly loadWatts?: number;
  readonly batteryWh?: number;
  readonly initialSocPct?: number;
  /** The household around the node (see firmware/README.md, "Emulator flags"). */
  readonly pvWatts?: number;
  readonly cloudCover?: number;
  readonly loadProfile?: 'none' | 'flat' | 'household';
  readonly loadWhPerDay?: number;
  readonly seed?: number;
  readonly startHour?: number;
  /** Unix ms at which the simulated clock read 0: emulators given the same one share a clock. */
  readonly epochMs?: number;
  /** The community's shared line file, and this node's loss on it when importing. */
  readonly line?: string;
  readonly lineLossPct?: number;
  /** Tests only: the meter reports this many times what is really sent. */
  readonly tamperFactor?: number;
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
  const flags: Array<[string, string | number | undefined]> = [
    ['--export-watts', options.loadWatts],
    ['--battery-wh', options.batteryWh],
    ['--initial-soc', options.initialSocPct],
    ['--pv-watts', options.pvWatts],
    ['--cloud-cover', options.cloudCover],
    ['--load-profile', options.loadProfile],
    ['--load-wh-per-day', options.loadWhPerDay],
    ['--seed', options.seed],
    ['--start-hour', options.startHour],
    ['--epoch-ms', options.epochMs],
    ['--line', options.line],
    ['--line-loss-pct', options.lineLossPct],
    ['--tamper-factor', options.tamperFactor],
  ];
  for (const [flag, value] of flags) if (value !== undefined) args.push(flag, String(value));
  if (options.quiet) args.push('--quiet');
  args.push(...(options.extraArgs ?? []));
  return args;
}

export async function startEmulator(options: EmulatorOptions, childOptions: ChildOptions = {}): Promise<Child> {
  if (!existsSync(EMULATOR_BINARY)) {
    throw new Error(`${EMULATOR_BINARY} is missing: build it with "npm run build:firmware"`);
  }
  const child = startChild(options.name, EMULATOR_BINARY, emulatorArgs(options), childOptions);
  return whenReady(child, /listening/i, { waitingFor: `the node emulator ${options.name} to listen` }, childOptions);
}
