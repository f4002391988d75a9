/**
 * geth, the execution layer of one server: its state, its transaction pool,
 * and the JSON-RPC the gateway and the delivery service use (HTTP and
 * WebSocket on one port, on 127.0.0.1 only, as Ganache's). It finds the other
 * servers' geth through a fixed peer list (no discovery) and is driven by the
 * beacon node through the JWT-authenticated Engine API.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type Child, startChild, whenReady } from '../../lib/child-process';
import { networkBinary } from '../../lib/network-binaries';
import { POS } from '../engine';
import type { NetworkFile, NetworkServer, ServerFolder } from './network-file';
import { OldHeadRewind } from './old-head-rewind';
import { programOutput } from './program-output';

export function gethPeers(network: NetworkFile, self: NetworkServer): string[] {
  return network.servers.filter((s) => s.index !== self.index).map((s) => `enode://${s.enodeId}@${s.host}:${s.ports.gethP2p}`);
}

/** Creates the chain database from the genesis once. */
function initialize(folder: ServerFolder, geth: string): void {
  if (existsSync(join(folder.gethDir, 'geth', 'chaindata'))) return;
  execFileSync(geth, ['--datadir', folder.gethDir, '--state.scheme', 'path', 'init', folder.executionGenesis], { stdio: 'pipe' });
}

export async function startGeth(
  folder: ServerFolder,
  network: NetworkFile,
  self: NetworkServer,
  log: (line: string) => void,
  showOutput = true,
): Promise<Child> {
  const geth = networkBinary('geth');
  initialize(folder, geth);
  // Static and trusted peers go in a config file; geth has no flag for them.
  const configFile = join(folder.root, 'geth.toml');
  const peers = JSON.stringify(gethPeers(network, self));
  writeFileSync(configFile, `# Generated at each start from network.json\n[Node.P2P]\nStaticNodes = ${peers}\nTrustedNodes = ${peers}\n`);
  const { ports } = self;
  const args = [
    '--config', configFile,
    '--datadir', folder.gethDir,
    '--networkid', String(network.chainId),
    '--syncmode', 'full',
    '--state.scheme', 'path',
    '--nodiscover',
    '--port', String(ports.gethP2p),
    '--nodekey', folder.gethNodeKey,
    '--maxpeers', String(Math.max(network.servers.length * 2, 8)),
    // JSON-RPC for the gateway and the delivery service: loopback only; the gateway is the policy
    // (it never forwards debug_*, which old-head-rewind.ts needs).
    '--http', '--http.addr', '127.0.0.1', '--http.port', String(ports.gethRpc), '--http.api', 'eth,net,web3,txpool,debug',
    '--http.vhosts', '*',
    '--ws', '--ws.addr', '127.0.0.1', '--ws.port', String(ports.gethRpc), '--ws.api', 'eth,net,web3', '--ws.origins', '*',
    '--authrpc.addr', '127.0.0.1', '--authrpc.port', String(ports.gethAuth), '--authrpc.jwtsecret', folder.jwtSecret,
    '--ipcdisable',
    // Fees: a transaction needs a tip of one wei per gas, no more (see scripts/chain/engine.ts).
    '--miner.gasprice', String(POS.minTipWei),
    '--txpool.pricelimit', String(POS.minTipWei),
    '--miner.gaslimit', String(POS.blockGasLimit),
    // Every transaction stays findable by hash, however old (receipts of old trades, the deployment).
    '--history.transactions', '0',
    '--cache', '256',
    '--verbosity', '3',
  ];
  const output = programOutput(join(folder.root, 'logs'), 'geth', showOutput);
  const rewind = new OldHeadRewind({ gethUrl: `http://127.0.0.1:${ports.gethRpc}`, slotSeconds: network.slotSeconds, log });
  const child = startChild(`geth-${self.index}`, geth, args, {
    onLine: (line) => {
      output(line);
      rewind.onLine(line);
    },
  });
  return whenReady(child, new RegExp(`HTTP server started.*endpoint=127\\.0\\.0\\.1:${ports.gethRpc}\\b`), { waitingFor: 'geth to open its JSON-RPC', timeoutMs: 120_000 });
}
