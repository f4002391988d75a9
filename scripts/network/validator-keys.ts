/**
 * One validator key per server, made offline: a BLS12-381 key, its genesis
 * deposit (what prysmctl puts into the consensus genesis) and an EIP-2335
 * keystore that the server's validator imports. Signing follows the consensus
 * specification (proof-of-possession scheme, DOMAIN_DEPOSIT under the genesis
 * fork version); prysmctl checks every deposit signature.
 */
import { createCipheriv, createHash, pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto';

import { bls12_381 } from '@noble/curves/bls12-381';

/** Ethereum's BLS ciphersuite: signatures in G2, proof of possession. */
const POP_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
const DOMAIN_DEPOSIT = Buffer.from('03000000', 'hex');
/** 32 ETH in gwei: one full validator. */
export const DEPOSIT_GWEI = 32_000_000_000n;
/** EIP-2335's PBKDF2 work factor. */
const PBKDF2_ROUNDS = 262_144;

export interface ValidatorKey {
  readonly secretKey: Uint8Array;
  readonly publicKeyHex: string;
}

/** The deposit_data.json entry prysmctl testnet generate-genesis reads. */
export interface DepositDataEntry {
  readonly pubkey: string;
  readonly withdrawal_credentials: string;
  readonly amount: number;
  readonly signature: string;
  readonly deposit_message_root: string;
  readonly deposit_data_root: string;
  readonly fork_version: string;
}

export function newValidatorKey(): ValidatorKey {
  const secretKey = bls12_381.utils.randomPrivateKey();
  return { secretKey, publicKeyHex: hex(bls12_381.longSignatures.getPublicKey(secretKey).toBytes(true)) };
}

/**
 * BLS (0x00) withdrawal credentials of a key made here and thrown away: nobody
 * can ever sign a change to an execution address, so the validators' rewards
 * stay on the consensus layer and never add ETH to the community's ledger.
 */
export function unspendableWithdrawalCredentials(): Buffer {
  const throwaway = bls12_381.utils.randomPrivateKey();
  const credentials = sha256(bls12_381.longSignatures.getPublicKey(throwaway).toBytes(true));
  credentials[0] = 0x00;
  return credentials;
}

export function depositData(key: ValidatorKey, withdrawalCredentials: Buffer, genesisForkVersion: Buffer): DepositDataEntry {
  const pubkey = Buffer.from(key.publicKeyHex, 'hex');
  const amount = uint64Chunk(DEPOSIT_GWEI);
  const messageRoot = merkleize([bytesRoot(pubkey), withdrawalCredentials, amount, ZERO_CHUNK]);
  const forkDataRoot = merkleize([Buffer.concat([genesisForkVersion, Buffer.alloc(28)]), ZERO_CHUNK]);
  const domain = Buffer.concat([DOMAIN_DEPOSIT, forkDataRoot.subarray(0, 28)]);
  const signingRoot = merkleize([messageRoot, domain]);
  const signature = bls12_381.longSignatures.Signature.toBytes(
    bls12_381.longSignatures.sign(bls12_381.longSignatures.hash(signingRoot, POP_DST), key.secretKey),
  );
  const dataRoot = merkleize([bytesRoot(pubkey), withdrawalCredentials, amount, bytesRoot(Buffer.from(signature))]);
  return {
    pubkey: key.publicKeyHex,
    withdrawal_credentials: hex(withdrawalCredentials),
    amount: Number(DEPOSIT_GWEI),
    signature: hex(signature),
    deposit_message_root: hex(messageRoot),
    deposit_data_root: hex(dataRoot),
    fork_version: hex(genesisForkVersion),
  };
}

/** EIP-2335 keystore of the key under `password` (PBKDF2-SHA256, AES-128-CTR). */
export function keystore(key: ValidatorKey, password: string): Record<string, unknown> {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const derived = pbkdf2Sync(Buffer.from(password.normalize('NFKD'), 'utf8'), salt, PBKDF2_ROUNDS, 32, 'sha256');
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const encrypted = Buffer.concat([cipher.update(key.secretKey), cipher.final()]);
  return {
    crypto: {
      kdf: { function: 'pbkdf2', params: { dklen: 32, c: PBKDF2_ROUNDS, prf: 'hmac-sha256', salt: hex(salt) }, message: '' },
      checksum: { function: 'sha256', params: {}, message: hex(sha256(Buffer.concat([derived.subarray(16, 32), encrypted]))) },
      cipher: { function: 'aes-128-ctr', params: { iv: hex(iv) }, message: hex(encrypted) },
    },
    description: 'community energy network validator',
    pubkey: key.publicKeyHex,
    path: '',
    uuid: randomUUID(),
    version: 4,
  };
}

// SSZ hash_tree_root of the few fixed-size containers above.
const ZERO_CHUNK = Buffer.alloc(32);

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

function uint64Chunk(value: bigint): Buffer {
  const chunk = Buffer.alloc(32);
  chunk.writeBigUInt64LE(value);
  return chunk;
}

/** Root of a byte vector longer than one chunk (48-byte key, 96-byte signature). */
function bytesRoot(bytes: Buffer): Buffer {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 32) chunks.push(Buffer.concat([bytes.subarray(at, at + 32), Buffer.alloc(32)]).subarray(0, 32));
  return merkleize(chunks);
}

function merkleize(chunks: readonly Buffer[]): Buffer {
  let layer = [...chunks];
  let width = 1;
  while (width < layer.length) width *= 2;
  while (layer.length < width) layer.push(ZERO_CHUNK);
  while (layer.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(sha256(Buffer.concat([layer[i], layer[i + 1]])));
    layer = next;
  }
  return layer[0];
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
