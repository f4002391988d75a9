import type { JsonRpcApiProvider } from 'ethers/providers';
import { Wallet } from 'ethers/wallet';

import type { DevAccount } from '../config/runtime-config';
import type { DiscoveredWallet, Eip1193Provider } from './eip1193';

/**
 * A development account of the local chain as an EIP-1193 wallet: the app signs
 * with the account's published key and sends raw transactions through the
 * gateway. Offered only when the config says devChain; loaded lazily, so the
 * signing code is not in the first download.
 */
export function createDevAccountWallet(
  account: DevAccount,
  index: number,
  chainId: number,
  provider: JsonRpcApiProvider,
): DiscoveredWallet {
  const signer = new Wallet(account.privateKey, provider);
  const address = signer.address;
  const eip1193: Eip1193Provider = {
    async request({ method, params }) {
      const list = (Array.isArray(params) ? params : []) as unknown[];
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return [address];
        case 'eth_chainId':
          return `0x${chainId.toString(16)}`;
        case 'eth_sendTransaction': {
          const tx = list[0] as { to?: string; data?: string; value?: string; gas?: string };
          const sent = await signer.sendTransaction({
            to: tx.to,
            data: tx.data,
            value: tx.value ? BigInt(tx.value) : 0n,
            gasLimit: tx.gas ? BigInt(tx.gas) : undefined,
          });
          return sent.hash;
        }
        case 'wallet_switchEthereumChain':
        case 'wallet_addEthereumChain':
          return null;
        default:
          return provider.send(method, list);
      }
    },
  };
  return {
    info: { uuid: `dev-${index}`, name: `Development account ${index + 1}`, icon: '', rdns: `dev:${index}` },
    provider: eip1193,
    development: true,
  };
}
