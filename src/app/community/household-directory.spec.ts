import { Component, input } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Contract, type InterfaceAbi, Wallet } from 'ethers';

import { appProvidersFor } from '../../testing/app-providers';
import { CountingProvider } from '../../testing/counting-provider';
import { nameFromContent, visibleText } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { waitFor } from '../../testing/wait-for';
import { READ_PROVIDER } from '../chain/read-provider';
import { ExplorerLink } from '../shared/explorer-link';
import { HouseholdDirectory } from './household-directory';

@Component({
  imports: [ExplorerLink],
  template: `<p id="named"><app-explorer-link target="address" [value]="named()" /></p>
    <p id="bare"><app-explorer-link target="address" [value]="bare()" /></p>`,
})
class LinksHost {
  readonly named = input.required<string>();
  readonly bare = input.required<string>();
}

describe('HouseholdDirectory (names from the Community contract)', () => {
  let chain: LocalChain;
  let provider: CountingProvider;
  let directory: HouseholdDirectory;
  let keeper: Contract;

  beforeAll(async () => {
    chain = await startLocalChain();
    keeper = new Contract(chain.config.community.contract.address, chain.config.community.contract.abi as InterfaceAbi, chain.operator);
  });
  afterAll(() => chain.stop());

  beforeEach(() => {
    provider = new CountingProvider(chain.config);
    TestBed.configureTestingModule({ providers: [...appProvidersFor(chain), { provide: READ_PROVIDER, useValue: provider }] });
    directory = TestBed.inject(HouseholdDirectory);
  });
  afterEach(() => provider.destroy());

  it('reads every household in one call, then follows additions, renames and removals from their events alone', async () => {
    await waitFor(() => directory.ready());
    expect(provider.viewCalls).toBe(1);
    expect(directory.households()).toHaveLength(10);
    expect(directory.nameOf(chain.accounts[0].address)).toBe('Demo household 1');
    expect(directory.nameOf(chain.accounts[9].address.toLowerCase())).toBe('Demo household 10');
    expect(directory.nameOf(chain.operator.address)).toBe('Meter operator');
    const stranger = Wallet.createRandom().address;
    expect(directory.nameOf(stranger)).toBeNull();
    expect(directory.isHousehold(stranger)).toBe(false);

    await (await keeper['addHousehold'](stranger, 'Neema')).wait();
    await (await keeper['renameHousehold'](chain.accounts[1].address, 'Baraka')).wait();
    await (await keeper['removeHousehold'](chain.accounts[2].address)).wait();
    await waitFor(() => directory.nameOf(stranger) === 'Neema' && directory.nameOf(chain.accounts[2].address) === null);
    expect(directory.isHousehold(stranger)).toBe(true);
    expect(directory.nameOf(chain.accounts[1].address)).toBe('Baraka');
    expect(directory.isHousehold(chain.accounts[2].address)).toBe(false);
    expect(directory.households()).toHaveLength(10);
    // Live updates cost logs, never a view per address.
    expect(provider.viewCalls).toBe(1);
  });

  it('shows a household by its name, the address in its title, its accessible name and a copy button', async () => {
    await waitFor(() => directory.ready());
    const named = chain.accounts[3].address;
    const bare = Wallet.createRandom().address;
    const fixture = TestBed.createComponent(LinksHost);
    fixture.componentRef.setInput('named', named);
    fixture.componentRef.setInput('bare', bare);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const link = root.querySelector<HTMLAnchorElement>('#named a')!;
    expect(visibleText(link)).toBe('Demo household 4');
    expect(nameFromContent(link)).toBe(`Demo household 4, address ${named}`);
    expect(link.title).toBe(named);
    expect(link.getAttribute('href')).toBe(`/explorer/address/${named}`);
    expect(root.querySelector('#named button')?.getAttribute('aria-label')).toBe(`Copy address ${named}`);
    // An account the directory does not know keeps its short address, the full one after it for screen readers.
    const bareLink = root.querySelector('#bare a')!;
    expect(visibleText(bareLink)).toBe(`${bare.slice(0, 6)}…${bare.slice(-4)}`);
    expect(nameFromContent(bareLink)).toBe(`${bare.slice(0, 6)}…${bare.slice(-4)}, address ${bare}`);
  });
});
