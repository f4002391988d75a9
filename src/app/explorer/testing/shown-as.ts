/**
 * Test support: an account as the explorer shows it on the specs' local chain,
 * whose ten accounts are the demo's named households. Test-only.
 */
import type { LocalChain } from '../../../testing/local-chain';
import { shortHex } from '../explorer-links';

export function shownAs(chain: LocalChain, address: string): string {
  const same = (other: string) => other.toLowerCase() === address.toLowerCase();
  if (same(chain.operator.address)) return 'Meter operator';
  const index = chain.accounts.findIndex((account) => same(account.address));
  return index >= 0 ? `Demo household ${index + 1}` : shortHex(address);
}
