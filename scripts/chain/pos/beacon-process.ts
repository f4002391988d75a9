/**
 * Prysm's beacon node, the consensus layer of one server: it follows the
 * proof-of-stake chain with the other servers' beacon nodes (a fixed peer
 * list, no discovery), drives its geth through the Engine API and serves its
 * validator. Its APIs listen on 127.0.0.1 only; its peer-to-peer port on the LAN.
 */
import { join } from 'node:path';

import { type Child, startChild, whenReady } from '../../lib/child-process';
import { networkBinary } from '../../lib/network-binaries';
import type { NetworkFile, NetworkServer, ServerFolder } from './network-file';
import { programOutput } from './program-output';

export function beaconPeers(network: NetworkFile, self: NetworkServer): string[] {
  return network.servers
    .filter((s) => s.index !== self.index)
    .map((s) => `/ip4/${s.host}/tcp/${s.ports.beaconP2p}/p2p/${s.beaconPeerId}`);
}

export async function startBeacon(folder: ServerFolder, network: NetworkFile, self: NetworkServer, showOutput = true): Promise<Child> {
  const { ports } = self;
  const args = [
    '--accept-terms-of-use',
    '--datadir', folder.beaconDir,
    '--chain-config-file', folder.consensusConfig,
    '--genesis-state', folder.consensusGenesis,
    '--execution-endpoint', `http://127.0.0.1:${ports.gethAuth}`,
    '--jwt-secret', folder.jwtSecret,
    '--no-discovery',
    ...beaconPeers(network, self).flatMap((peer) => ['--peer', peer]),
    '--p2p-priv-key', folder.beaconP2pKey,
    // Listen on every interface (the LAN's, and loopback for servers on one machine); tell peers the LAN address.
    '--p2p-local-ip', '0.0.0.0',
    '--p2p-host-ip', self.host,
    '--p2p-tcp-port', String(ports.beaconP2p),
    // Only TCP between servers: QUIC and discovery are off; their ports are set so no default port is taken.
    '--disable-quic',
    '--p2p-quic-port', String(ports.beaconP2p),
    '--p2p-udp-port', String(ports.beaconP2p),
    '--rpc-port', String(ports.beaconRpc),
    '--http-port', String(ports.beaconHttp),
    '--disable-monitoring',
    // A network of a few servers: no waiting for peers to sync (at genesis none is ahead, so Prysm
    // would wait forever; a server that restarts behind still syncs from the peers ahead of it),
    // and every attestation subnet is followed.
    '--min-sync-peers', '0',
    '--subscribe-all-subnets',
    '--minimum-peers-per-subnet', '0',
    // After a restart, go on from the head this node had, not from the justified checkpoint (Prysm's
    // default): when every server restarts at once (a power cut) nobody would bring the blocks after
    // that checkpoint back, and geth, which has them, ignores a head below its own (old-head-rewind.ts).
    '--sync-from', 'head',
    '--suggested-fee-recipient', network.feeRecipient,
    '--contract-deployment-block', '0',
    '--verbosity', 'info',
  ];
  const child = startChild(`beacon-${self.index}`, networkBinary('beacon-chain'), args, {
    onLine: programOutput(join(folder.root, 'logs'), 'beacon', showOutput),
  });
  return whenReady(child, /gRPC server listening/, { waitingFor: 'the beacon node to open its API', timeoutMs: 180_000 });
}
