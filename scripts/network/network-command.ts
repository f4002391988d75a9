/**
 * `npm run network -- <command>`: a grown community's ledger on several
 * servers, a private proof-of-stake Ethereum network of geth + Prysm.
 */
import { buildPrograms, describeVersions } from './build-programs';
import { type GoTarget, hostTarget } from '../lib/network-binaries';

const USAGE = `Usage: npm run network -- <command> [options]

  build [--arch amd64|arm64]
      Builds ${describeVersions()} (geth, beacon-chain, validator, prysmctl)
      from the Go module proxy into build/network/bin/linux-<arch>/. Needs Go and a C
      compiler; --arch arm64 builds for the Raspberry Pi (needs gcc-aarch64-linux-gnu).
      A second run with the same versions does nothing.

  init --servers N --data-dir DIR [options]
      Makes a new network offline: genesis, keys and one folder per server
      (DIR/server-1 ... DIR/server-N) to copy to each server. See --help of init.

Then on server I: npm start -- --engine pos --server I --data-dir DIR`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const log = (line: string) => console.log(`[network] ${line}`);
  switch (command) {
    case 'build':
      await buildPrograms(parseBuildTarget(rest), log);
      return;
    case 'init': {
      const { runInit } = await import('./init-command');
      await runInit(rest, log);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      throw new Error(`unknown command "${command}"; try npm run network -- help`);
  }
}

function parseBuildTarget(args: readonly string[]): GoTarget {
  if (args.length === 0) return hostTarget();
  const arch = args[0] === '--arch' ? args[1] : args[0]?.startsWith('--arch=') ? args[0].slice(7) : undefined;
  if (args.length > (args[0] === '--arch' ? 2 : 1) || arch === undefined) throw new Error(`build takes only --arch amd64|arm64, not "${args.join(' ')}"`);
  const normalized = arch === 'x64' || arch === 'x86_64' ? 'amd64' : arch === 'aarch64' ? 'arm64' : arch;
  if (normalized !== 'amd64' && normalized !== 'arm64') throw new Error(`--arch must be amd64 or arm64, not "${arch}"`);
  return { os: 'linux', arch: normalized };
}

main().catch((error) => {
  console.error(`[network] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
