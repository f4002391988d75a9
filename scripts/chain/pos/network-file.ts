/**
 * The description of a network that `npm run network -- init` writes into
 * every server's folder (network.json), and the layout of a server's folder.
 * Everything in network.json is public: keys live in files beside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { writeJsonAtomic } from '../../lib/atomic-write';

export interface ServerPorts {
  /** geth's peer-to-peer port (TCP), reached by the other servers. */
  readonly gethP2p: number;
  /** geth's JSON-RPC, HTTP and WebSocket on one port, on 127.0.0.1: the gateway's and delivery service's chain. */
  readonly gethRpc: number;
  /** geth's Engine API for the beacon node, on 127.0.0.1, JWT-authenticated. */
  readonly gethAuth: number;
  /** The beacon node's libp2p port (TCP), reached by the other servers. */
  readonly beaconP2p: number;
  /** The beacon node's gRPC for the validator, on 127.0.0.1. */
  readonly beaconRpc: number;
  /** The beacon node's REST API, on 127.0.0.1. */
  readonly beaconHttp: number;
}

export interface NetworkServer {
  /** 1-based, as in `npm start -- --engine pos --server I`. */
  readonly index: number;
  /** Address the other servers dial (the server's LAN address). */
  readonly host: string;
  readonly ports: ServerPorts;
  readonly enodeId: string;
  readonly beaconPeerId: string;
  readonly validatorPublicKey: string;
}

export interface NetworkFile {
  readonly version: 1;
  readonly chainId: number;
  /** Unix seconds of the first slot. */
  readonly genesisTime: number;
  readonly slotSeconds: number;
  readonly slotsPerEpoch: number;
  readonly servers: readonly NetworkServer[];
  /** The server whose folder init gave the meter operator's key: it runs the delivery service (while it holds the key). */
  readonly deliveryServer: number;
  /** The LAN time source every validator's clock is checked against (SNTP); null: not checked. */
  readonly timeSource: { readonly host: string; readonly port: number } | null;
  /** The largest clock offset a validator may start with, in milliseconds. */
  readonly maxClockOffsetMs: number;
  /** Receives the priority fees of the blocks the validators propose. */
  readonly feeRecipient: string;
}

/** The files of one server's folder, DIR/server-I. */
export interface ServerFolder {
  readonly root: string;
  readonly networkFile: string;
  readonly executionGenesis: string;
  readonly consensusConfig: string;
  readonly consensusGenesis: string;
  readonly jwtSecret: string;
  readonly gethNodeKey: string;
  readonly beaconP2pKey: string;
  /** EIP-2335 keystore(s) to import, and the password of keystore and wallet. */
  readonly validatorKeysDir: string;
  readonly validatorPassword: string;
  /** The transaction that deploys the marketplace, signed at init (see scripts/deploy/presigned-deployment.ts). */
  readonly deploymentTransaction: string;
  readonly gethDir: string;
  readonly beaconDir: string;
  readonly validatorDir: string;
  readonly validatorWallet: string;
}

export function serverFolder(dataDir: string, index: number): ServerFolder {
  const root = resolve(dataDir, `server-${index}`);
  return {
    root,
    networkFile: join(root, 'network.json'),
    executionGenesis: join(root, 'execution', 'genesis.json'),
    consensusConfig: join(root, 'consensus', 'config.yaml'),
    consensusGenesis: join(root, 'consensus', 'genesis.ssz'),
    jwtSecret: join(root, 'keys', 'jwt.hex'),
    gethNodeKey: join(root, 'keys', 'geth-node.key'),
    beaconP2pKey: join(root, 'keys', 'beacon-p2p.key'),
    validatorKeysDir: join(root, 'keys', 'validator'),
    validatorPassword: join(root, 'keys', 'validator-password.txt'),
    deploymentTransaction: join(root, 'deployment-transaction.json'),
    gethDir: join(root, 'geth'),
    beaconDir: join(root, 'beacon'),
    validatorDir: join(root, 'validator'),
    validatorWallet: join(root, 'validator', 'wallet'),
  };
}

export function readNetworkFile(folder: ServerFolder): NetworkFile {
  if (!existsSync(folder.networkFile)) {
    throw new Error(`${folder.networkFile} is missing: make the network with npm run network -- init, and copy server's folder here`);
  }
  return JSON.parse(readFileSync(folder.networkFile, 'utf8')) as NetworkFile;
}

export function writeNetworkFile(folder: ServerFolder, network: NetworkFile): void {
  writeJsonAtomic(folder.networkFile, network);
}

export function serverOf(network: NetworkFile, index: number): NetworkServer {
  const server = network.servers.find((s) => s.index === index);
  if (!server) throw new Error(`the network has servers 1 to ${network.servers.length}, not ${index}`);
  return server;
}
