/**
 * The peer-to-peer identities of a server, made offline so every server's
 * static peer list is known before any of them starts: geth's node key (its
 * enode id) and the beacon node's libp2p key (its peer id). Both are
 * secp256k1 keys, written as the hex the programs read.
 */
import { SigningKey, Wallet, encodeBase58 } from 'ethers';

export interface P2pIdentity {
  /** Hex private key, no 0x, as geth's --nodekey and Prysm's --p2p-priv-key files hold it. */
  readonly privateKeyHex: string;
  /** geth: the enode id (uncompressed public key without its 04 prefix). */
  readonly enodeId: string;
  /** Prysm: the libp2p peer id (identity multihash of the protobuf-encoded public key, base58). */
  readonly peerId: string;
}

export function newP2pIdentity(): P2pIdentity {
  const privateKey = Wallet.createRandom().privateKey;
  const key = new SigningKey(privateKey);
  const compressed = Buffer.from(SigningKey.computePublicKey(key.publicKey, true).slice(2), 'hex');
  // libp2p PublicKey protobuf: field 1 (type) = 2 (secp256k1), field 2 (data) = 33 bytes.
  const protobuf = Buffer.concat([Buffer.from([0x08, 0x02, 0x12, compressed.length]), compressed]);
  // An identity multihash (code 0x00) because the encoded key is under 42 bytes.
  const multihash = Buffer.concat([Buffer.from([0x00, protobuf.length]), protobuf]);
  return {
    privateKeyHex: privateKey.slice(2),
    enodeId: key.publicKey.slice(4),
    peerId: encodeBase58(multihash),
  };
}

export function enodeUrl(identity: Pick<P2pIdentity, 'enodeId'>, host: string, port: number): string {
  return `enode://${identity.enodeId}@${host}:${port}`;
}

export function beaconPeerAddress(identity: Pick<P2pIdentity, 'peerId'>, host: string, port: number): string {
  return `/ip4/${host}/tcp/${port}/p2p/${identity.peerId}`;
}
