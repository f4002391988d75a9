import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { appProvidersFor } from '../testing/app-providers';
import { textOf } from '../testing/dom';
import { type LocalChain, startLocalChain } from '../testing/local-chain';
import { waitFor } from '../testing/wait-for';
import { App } from './app';
import { routes } from './app.routes';

describe('App (the page frame)', () => {
  let chain: LocalChain;

  beforeAll(async () => {
    chain = await startLocalChain();
  });
  afterAll(() => chain.stop());
  beforeEach(() => localStorage.clear());

  it('shows the title, the navigation, the chain and its latest block (linked to the explorer)', async () => {
    // Imported, so that compileComponents resolves the parts the frame loads lazily (@defer).
    TestBed.configureTestingModule({ imports: [App], providers: [...appProvidersFor(chain), provideRouter(routes)] });
    await TestBed.compileComponents();
    const fixture = TestBed.createComponent(App);
    const root = fixture.nativeElement as HTMLElement;
    await waitFor(async () => {
      await fixture.whenStable();
      return root.querySelector('a[href^="/explorer/block/"]');
    });
    expect(textOf(root.querySelector('.title'))).toBe('Peer-to-Peer Energy Trading');
    const nav = [...root.querySelectorAll('nav[aria-label="Main"] a')].map((link) => [textOf(link), link.getAttribute('href')]);
    expect(nav).toEqual([
      ['Market', '/market'],
      ['My Account', '/account'],
      ['Treasury', '/treasury'],
      ['Explorer', '/explorer'],
    ]);
    const block = await chain.accounts[0].provider!.getBlockNumber();
    expect(root.querySelector(`a[href="/explorer/block/${block}"]`)).not.toBeNull();
    expect(root.querySelector('a.skip-link')?.getAttribute('href')).toBe('#main');
  });

  it('says plainly when the chain cannot be reached', async () => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [...appProvidersFor(chain, { config: { rpcUrl: 'http://127.0.0.1:9' } }), provideRouter(routes)],
    });
    await TestBed.compileComponents();
    const fixture = TestBed.createComponent(App);
    const root = fixture.nativeElement as HTMLElement;
    await waitFor(async () => {
      await fixture.whenStable();
      return root.querySelector('[role="alert"]');
    });
    expect(textOf(root.querySelector('.banner'))).toContain('The community chain cannot be reached.');
  });
});
