/**
 * `npm run network -- build [--arch arm64]`: builds geth and Prysm's
 * beacon-chain, validator and prysmctl at their pinned versions from the Go
 * module proxy into build/network/bin/<os>-<arch>/. A second run with the same
 * versions does nothing.
 *
 * Prysm's go.mod has `replace` lines, which `go install module@version`
 * refuses. So each program set gets a small wrapper module of ours, generated
 * under build/network/go/: it requires the pinned module, repeats its
 * replacements, and starts from its go.sum, so every dependency is the version
 * (and the checksum) its authors tested. Prysm needs cgo (BLS signatures in C).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeJsonAtomic } from '../lib/atomic-write';
import { type GoTarget, NETWORK_BUILD_DIR, binaryDir, hostTarget } from '../lib/network-binaries';
import { BINARY_NAMES, type GoProgramSet, PROGRAM_SETS } from './pinned-versions';

const GO_DIR = join(NETWORK_BUILD_DIR, 'go');
/** The C cross compiler Debian's gcc-aarch64-linux-gnu package installs. */
const ARM64_CC = 'aarch64-linux-gnu-gcc';

export interface BuildRecord {
  readonly versions: Record<string, string>;
  readonly goVersion: string;
  /** Seconds the last build that compiled something took (downloads included). */
  readonly seconds: number;
  readonly builtAt: string;
}

export function buildRecordPath(target: GoTarget = hostTarget()): string {
  return join(binaryDir(target), 'build.json');
}

export function readBuildRecord(target: GoTarget = hostTarget()): BuildRecord | undefined {
  const path = buildRecordPath(target);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as BuildRecord) : undefined;
}

function pinnedVersions(): Record<string, string> {
  return Object.fromEntries(PROGRAM_SETS.map((set) => [set.module, set.version]));
}

/** True when every binary is there, built from the pinned versions. */
export function isBuilt(target: GoTarget = hostTarget()): boolean {
  const record = readBuildRecord(target);
  if (!record || JSON.stringify(record.versions) !== JSON.stringify(pinnedVersions())) return false;
  return BINARY_NAMES.every((name) => existsSync(join(binaryDir(target), name)));
}

export async function buildPrograms(target: GoTarget, log: (line: string) => void): Promise<void> {
  const out = binaryDir(target);
  if (isBuilt(target)) {
    log(`already built for ${target.os}/${target.arch}: ${out} (${describeVersions()})`);
    return;
  }
  const env = await goEnvironment(target);
  const startedAt = performance.now();
  mkdirSync(out, { recursive: true });
  for (const set of PROGRAM_SETS) {
    log(`building ${set.packages.map(binaryName).join(', ')} from ${set.module}@${set.version} for ${target.os}/${target.arch}`);
    const wrapper = await writeWrapperModule(set, env);
    const packages = set.packages.map((pkg) => `${set.module}/${pkg}`);
    // -trimpath: no build machine paths in the binaries; -s -w: no symbol tables (smaller, faster to link).
    await run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', out + '/', ...packages], { cwd: wrapper, env });
  }
  const seconds = Math.round((performance.now() - startedAt) / 100) / 10;
  const record: BuildRecord = {
    versions: pinnedVersions(),
    goVersion: (await capture('go', ['env', 'GOVERSION'], { env })).trim(),
    seconds,
    builtAt: new Date().toISOString(),
  };
  writeJsonAtomic(buildRecordPath(target), record);
  log(`built ${BINARY_NAMES.join(', ')} in ${seconds} s: ${out}`);
}

export function describeVersions(): string {
  return PROGRAM_SETS.map((set) => `${set.name} ${set.version}`).join(', ');
}

function binaryName(pkg: string): string {
  return pkg.split('/').at(-1)!;
}

/**
 * Go's own module and build caches (~/go/pkg/mod and ~/.cache/go-build unless
 * GOMODCACHE / GOCACHE say otherwise), shared by every clone on the machine:
 * a fresh clone, as CI makes for each run, downloads nothing and compiles
 * only what changed (a link), instead of 15-50 minutes. And a cross compiler
 * for cgo when the target is not this machine.
 */
async function goEnvironment(target: GoTarget): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Without a home folder Go has no default caches: keep them in build/network/go.
    ...(process.env.HOME ? {} : { GOMODCACHE: join(GO_DIR, 'mod'), GOCACHE: join(GO_DIR, 'cache'), GOPATH: join(GO_DIR, 'path') }),
    // -modcacherw: the module cache can be deleted with rm -rf like any build folder.
    GOFLAGS: '-mod=mod -modcacherw -buildvcs=false',
    // Never download another Go toolchain: build with the one installed.
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
    GOOS: target.os,
    GOARCH: target.arch,
    CGO_ENABLED: '1',
  };
  try {
    await capture('go', ['version'], { env });
  } catch {
    throw new Error('go is not installed: the network build needs Go 1.25 or newer (Debian: apt-get install golang, or go.dev/dl)');
  }
  const host = hostTarget();
  if (target.arch !== host.arch) {
    if (target.arch !== 'arm64') throw new Error(`cross-building for ${target.arch} is not supported; build on such a machine`);
    if (!(await commandExists(ARM64_CC))) {
      throw new Error(`building for arm64 needs the C cross compiler ${ARM64_CC} (Prysm uses cgo): apt-get install gcc-aarch64-linux-gnu`);
    }
    env.CC = ARM64_CC;
  }
  return env;
}

/**
 * Writes build/network/go/wrappers/<set>/go.mod and go.sum. The pinned module's
 * own go.mod gives the Go version and the replacements; replacements by a local
 * folder point into the module's own repository, which the proxy does not ship,
 * so the wrapper keeps the required version from the proxy instead.
 */
async function writeWrapperModule(set: GoProgramSet, env: NodeJS.ProcessEnv): Promise<string> {
  const info = JSON.parse(await capture('go', ['mod', 'download', '-json', `${set.module}@${set.version}`], { env, cwd: GO_DIR })) as {
    GoMod: string;
    Dir: string;
    Sum: string;
    GoModSum: string;
  };
  const goMod = readFileSync(info.GoMod, 'utf8');
  const goVersion = /^go (\S+)$/m.exec(goMod)?.[1] ?? '1.25';
  const replaces = goMod
    .split('\n')
    .filter((line) => line.startsWith('replace '))
    .filter((line) => !/=>\s*\.{1,2}\//.test(line));
  const dir = join(GO_DIR, 'wrappers', set.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'go.mod'),
    [
      '// Generated by npm run network -- build (scripts/network/build-programs.ts); do not edit.',
      `module communityenergy.local/network-build/${set.name}`,
      '',
      `go ${goVersion}`,
      '',
      `require ${set.module} ${set.version}`,
      '',
      ...replaces,
      '',
    ].join('\n'),
  );
  const sums = [readFileSync(join(info.Dir, 'go.sum'), 'utf8').trimEnd(), `${set.module} ${set.version} ${info.Sum}`];
  sums.push(`${set.module} ${set.version}/go.mod ${info.GoModSum}`);
  writeFileSync(join(dir, 'go.sum'), sums.join('\n') + '\n');
  return dir;
}

interface RunOptions {
  readonly cwd?: string;
  readonly env: NodeJS.ProcessEnv;
}

function run(command: string, args: readonly string[], options: RunOptions): Promise<void> {
  mkdirSync(options.cwd ?? GO_DIR, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? GO_DIR, env: options.env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.slice(0, 2).join(' ')} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

function capture(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  mkdirSync(options.cwd ?? GO_DIR, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? GO_DIR, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')}: ${stderr.trim().split('\n').slice(-3).join(' ')}`)),
    );
  });
}

async function commandExists(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, ['--version'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}
