/**
 * Prysm's validator: holds this server's validator key and, through the
 * beacon node, proposes its blocks and votes on the chain. Its slashing
 * protection database keeps it from ever signing two conflicting messages,
 * also across restarts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { type Child, startChild, whenReady } from '../../lib/child-process';
import { networkBinary } from '../../lib/network-binaries';
import type { NetworkFile, NetworkServer, ServerFolder } from './network-file';
import { programOutput } from './program-output';

/** Imports the server's keystore into a Prysm wallet once. */
function importKeys(folder: ServerFolder, validator: string): void {
  if (existsSync(join(folder.validatorWallet, 'direct'))) return;
  try {
    execFileSync(
      validator,
      [
        'accounts', 'import',
        '--accept-terms-of-use',
        '--keys-dir', folder.validatorKeysDir,
        '--wallet-dir', folder.validatorWallet,
        '--wallet-password-file', folder.validatorPassword,
        '--account-password-file', folder.validatorPassword,
      ],
      { stdio: 'pipe', encoding: 'utf8' },
    );
  } catch (error) {
    const output = String((error as { stderr?: string }).stderr ?? '') + String((error as { stdout?: string }).stdout ?? '');
    throw new Error(`the validator key of ${folder.validatorKeysDir} could not be imported: ${output.trim().split('\n').slice(-2).join(' ')}`);
  }
}

export async function startValidator(folder: ServerFolder, network: NetworkFile, self: NetworkServer, showOutput = true): Promise<Child> {
  const validator = networkBinary('validator');
  importKeys(folder, validator);
  const args = [
    '--accept-terms-of-use',
    '--datadir', folder.validatorDir,
    '--wallet-dir', folder.validatorWallet,
    '--wallet-password-file', folder.validatorPassword,
    '--chain-config-file', folder.consensusConfig,
    '--beacon-rpc-provider', `127.0.0.1:${self.ports.beaconRpc}`,
    '--beacon-rest-api-provider', `http://127.0.0.1:${self.ports.beaconHttp}`,
    '--suggested-fee-recipient', network.feeRecipient,
    '--graffiti', `server-${self.index}`,
    '--disable-monitoring',
    '--verbosity', 'info',
  ];
  const child = startChild(`validator-${self.index}`, validator, args, {
    onLine: programOutput(join(folder.root, 'logs'), 'validator', showOutput),
  });
  return whenReady(child, /Validating for public key|Waiting for beacon chain start log|Beacon chain started|Synced to head/i, { waitingFor: 'the validator to start', timeoutMs: 120_000 });
}
