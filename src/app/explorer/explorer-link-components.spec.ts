import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { HouseholdDirectory } from '../community/household-directory';
import { AddressLinkComponent } from './address-link.component';
import { BlockLinkComponent } from './block-link.component';
import { TxLinkComponent } from './tx-link.component';

const address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const hash = `0x${'9f'.repeat(32)}`;

@Component({
  imports: [AddressLinkComponent, TxLinkComponent, BlockLinkComponent],
  template: `<p id="a"><app-address-link [address]="address" /></p>
    <p id="named"><app-address-link [address]="address" label="EnergyMarketplace" [copyable]="false" /></p>
    <p id="t"><app-tx-link [hash]="hash" /></p>
    <p id="n"><app-block-link [block]="28" /></p>
    <p id="h"><app-block-link [block]="hash" /></p>`,
})
class LinksHost {
  protected readonly address = address;
  protected readonly hash = hash;
}

describe('explorer link components', () => {
  let root: HTMLElement;

  beforeEach(async () => {
    // No community here: the directory knows no name.
    TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: HouseholdDirectory, useValue: { nameOf: () => null } }] });
    const fixture = TestBed.createComponent(LinksHost);
    await fixture.whenStable();
    root = fixture.nativeElement as HTMLElement;
  });

  const anchor = (id: string) => root.querySelector<HTMLAnchorElement>(`#${id} a`)!;

  it('links an address, shortened, with the full value in its title and label, and a copy button', () => {
    expect(anchor('a').getAttribute('href')).toBe(`/explorer/address/${address}`);
    expect(anchor('a').textContent).toBe('0x7099…79C8');
    expect(anchor('a').title).toBe(address);
    expect(anchor('a').getAttribute('aria-label')).toBe(`Address ${address}`);
    const copy = root.querySelector<HTMLButtonElement>('#a button')!;
    expect(copy.type).toBe('button');
    expect(copy.getAttribute('aria-label')).toBe(`Copy address ${address}`);
  });

  it('can show a name instead of the hex, and leave out the copy button', () => {
    expect(anchor('named').textContent).toBe('EnergyMarketplace');
    expect(anchor('named').title).toBe(address);
    expect(root.querySelector('#named button')).toBeNull();
  });

  it('links a transaction and blocks by number and by hash', () => {
    expect(anchor('t').getAttribute('href')).toBe(`/explorer/tx/${hash}`);
    expect(anchor('t').textContent).toBe('0x9f9f9f9f…9f9f9f9f');
    expect(anchor('n').getAttribute('href')).toBe('/explorer/block/28');
    expect(anchor('n').textContent).toBe('#28');
    expect(anchor('n').getAttribute('aria-label')).toBe('Block #28');
    expect(anchor('h').getAttribute('href')).toBe(`/explorer/block/${hash}`);
    expect(anchor('h').textContent).toBe('0x9f9f9f9f…9f9f9f9f');
  });
});
