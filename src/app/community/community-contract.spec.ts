import type { RuntimeConfig } from '../config/runtime-config';
import { isDemo, networkName } from './community-contract';

const config = (mode: RuntimeConfig['mode'], chainName: string) =>
  ({ mode, chainName, community: { name: 'Kijiji Solar' } }) as unknown as RuntimeConfig;

describe('demo or community', () => {
  it("offers a community's chain to wallets under the community's name", () => {
    expect(isDemo(config('community', 'Kijiji Solar'))).toBe(false);
    expect(networkName(config('community', 'anything'))).toBe('Kijiji Solar');
  });

  it('always says "demo" in the demo, so nobody takes it for real money', () => {
    expect(isDemo(config('demo', 'Community Energy (demo)'))).toBe(true);
    expect(networkName(config('demo', 'Community Energy (demo)'))).toBe('Community Energy (demo)');
    expect(networkName(config('demo', 'Local development chain'))).toBe('Local development chain (demo)');
  });
});
