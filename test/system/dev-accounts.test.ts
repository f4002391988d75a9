/**
 * The development accounts `npm start` prints and /config.json offers are the
 * ones Ganache funds: listed keys, the mnemonic's derivation and Ganache's
 * own accounts all agree.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { HDNodeWallet, Mnemonic, Wallet, formatEther } from 'ethers';
import ganache from 'ganache';

import { DEV_ACCOUNTS, DEV_DERIVATION_PATH, DEV_MNEMONIC } from '../../scripts/chain/dev-accounts';
import { ganacheOptions } from '../../scripts/chain/ganache-options';

describe('the development accounts', () => {
  it('are the mnemonic\'s first ten keys, with matching addresses', () => {
    const base = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), DEV_DERIVATION_PATH);
    assert.equal(DEV_ACCOUNTS.length, 10);
    DEV_ACCOUNTS.forEach((account, index) => {
      const derived = base.deriveChild(index);
      assert.equal(account.privateKey, derived.privateKey);
      assert.equal(account.address, derived.address);
      assert.equal(new Wallet(account.privateKey).address, account.address);
    });
  });

  it('are the accounts Ganache funds with 1,000 ETH each, on chain id 1337', async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'energy-accounts-'));
    const provider = ganache.provider(ganacheOptions(dbPath));
    try {
      const accounts = (await provider.request({ method: 'eth_accounts', params: [] })) as string[];
      assert.deepEqual(accounts, DEV_ACCOUNTS.map((a) => a.address.toLowerCase()));
      for (const account of accounts) {
        const balance = await provider.request({ method: 'eth_getBalance', params: [account, 'latest'] });
        assert.equal(formatEther(BigInt(balance as string)), '1000.0');
      }
      assert.equal(await provider.request({ method: 'eth_chainId', params: [] }), '0x539');
    } finally {
      await provider.disconnect();
      rmSync(dbPath, { recursive: true, force: true });
    }
  });
});
