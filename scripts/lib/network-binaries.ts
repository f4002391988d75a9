/**
 * Where `npm run network -- build` puts the network's programs (geth, Prysm's
 * beacon-chain, validator and prysmctl) and where `npm start -- --engine pos`
 * finds them: build/network/bin/<os>-<arch>/, ignored by git.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './data-paths';

export const NETWORK_BUILD_DIR = join(REPO_ROOT, 'build', 'network');

/** A Go target platform, as GOOS/GOARCH name it. */
export interface GoTarget {
  readonly os: 'linux';
  readonly arch: 'amd64' | 'arm64';
}

export function hostTarget(): GoTarget {
  if (process.platform !== 'linux') throw new Error(`the network's programs are built for Linux only, not ${process.platform}`);
  if (process.arch === 'x64') return { os: 'linux', arch: 'amd64' };
  if (process.arch === 'arm64') return { os: 'linux', arch: 'arm64' };
  throw new Error(`the network's programs are built for x86-64 and arm64 only, not ${process.arch}`);
}

export function binaryDir(target: GoTarget = hostTarget()): string {
  return join(NETWORK_BUILD_DIR, 'bin', `${target.os}-${target.arch}`);
}

/** Path of one built program for this machine; throws with the command to run if it is missing. */
export function networkBinary(name: 'geth' | 'beacon-chain' | 'validator' | 'prysmctl'): string {
  const path = join(binaryDir(), name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run network -- build`);
  return path;
}
