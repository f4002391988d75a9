/**
 * Test support: the explorer's routes in a real router and a real DOM, on the
 * app's read provider to a real chain, with ways to wait for what a person
 * would wait for. Test-only.
 */
import { provideHttpClient, withFetch } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { JsonRpcApiProvider } from 'ethers';

import { READ_PROVIDER } from '../../chain/read-provider';
import { HouseholdDirectory } from '../../community/household-directory';
import { fixedDirectory } from './fixed-directory';
import { RUNTIME_CONFIG } from '../../config/config.service';
import type { RuntimeConfig } from '../../config/runtime-config';
import { waitFor } from '../../../testing/wait-for';

export interface ExplorerHarness {
  readonly harness: RouterTestingHarness;
  /** The whole rendered app: the explorer's frame (search box) and the page. */
  root(): HTMLElement;
  /** The page's text, whitespace folded. */
  text(): string;
  navigate(url: string): Promise<void>;
  /** Waits until `ready` holds, re-rendering as signals change; fails with the page's text after `timeoutMs`. */
  until(ready: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  untilText(text: string, timeoutMs?: number): Promise<void>;
  currentUrl(): string;
}

export async function createExplorerHarness(config: RuntimeConfig, provider: JsonRpcApiProvider): Promise<ExplorerHarness> {
  TestBed.configureTestingModule({
    providers: [
      // Mounted as the app mounts it.
      provideRouter([{ path: 'explorer', loadChildren: () => import('../explorer.routes').then((m) => m.EXPLORER_ROUTES) }]),
      { provide: RUNTIME_CONFIG, useValue: config },
      // The read API (trades, orders), where the spec started one.
      provideHttpClient(withFetch()),
      { provide: READ_PROVIDER, useValue: provider },
      // Pages name the community's households; the directory is read before, apart from the page's calls.
      { provide: HouseholdDirectory, useValue: await fixedDirectory(config) },
    ],
  });
  const harness = await RouterTestingHarness.create();
  const root = () => harness.fixture.nativeElement as HTMLElement;
  const text = () => (root().textContent ?? '').replace(/\s+/g, ' ').trim();
  const until = async (ready: () => boolean, what: string, timeoutMs = 10_000): Promise<void> => {
    await waitFor(
      async () => {
        await harness.fixture.whenStable();
        harness.fixture.detectChanges();
        if (!ready()) throw new Error(`the page says: ${text().slice(0, 1500)}`);
        return true;
      },
      { what, timeoutMs, intervalMs: 25 },
    );
  };
  return {
    harness,
    root,
    text,
    navigate: async (url) => {
      await harness.navigateByUrl(url);
    },
    until,
    untilText: (wanted, timeoutMs) => until(() => text().includes(wanted), `“${wanted}”`, timeoutMs),
    currentUrl: () => TestBed.inject(Router).url,
  };
}

/** Every link the page shows, as [text, href]. */
export function links(root: HTMLElement): Array<[string, string]> {
  return [...root.querySelectorAll('a')].map((a) => [(a.textContent ?? '').trim(), a.getAttribute('href') ?? '']);
}
