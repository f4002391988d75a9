import { TestBed } from '@angular/core/testing';

import { appProvidersFor } from '../../../testing/app-providers';
import { textOf } from '../../../testing/dom';
import { type LocalChain, startLocalChain } from '../../../testing/local-chain';
import { freePort } from '../../../testing/ports';
import { type ReadModelServices, startReadModel } from '../../../testing/read-model';
import { waitFor } from '../../../testing/wait-for';
import type { ApiCommunityHour } from '../../read-model/api-shapes';
import { CommunityEnergy } from './community-energy';

/** A community clock an hour of which lasts a second: its hour turns while the spec watches. */
const CLOCK = { epochMs: Date.now(), timeScale: 3600, startHour: 6 };

function hourOf(hour: number, pvWh: number, loadWh: number, tradedWh: number, batteryWh: number): ApiCommunityHour {
  return {
    hour,
    timeOfDay: `${String((6 + hour) % 24).padStart(2, '0')}:00`,
    pvWh,
    loadWh,
    unmetLoadWh: 0,
    curtailedWh: 0,
    tradedWh,
    batteryWh,
    batteryCapacityWh: 6000,
    nodes: 3,
  };
}

describe('CommunityEnergy', () => {
  let chain: LocalChain;
  let readModel: ReadModelServices;

  beforeAll(async () => {
    chain = await startLocalChain();
    readModel = await startReadModel(chain, { clock: CLOCK });
    await readModel.indexed();
  });
  afterAll(async () => {
    await readModel?.stop();
    await chain?.stop();
  });

  function render(config = readModel.config): HTMLElement {
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { config }) });
    const fixture = TestBed.createComponent(CommunityEnergy);
    fixture.autoDetectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  const summaryOf = (root: HTMLElement) => textOf(root.querySelector('.community-summary'));
  const rows = (root: HTMLElement) => [...root.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('th, td')].map((cell) => textOf(cell)));

  it('before any node reading says so, with no chart and no spinner left turning', async () => {
    const root = render();
    await waitFor(() => root.querySelector('.no-readings') !== null, { what: 'the empty state' });
    expect(textOf(root.querySelector('.no-readings'))).toBe('No node readings yet.');
    expect(root.querySelector('figure')).toBeNull();
    expect(root.querySelector('.spinner')).toBeNull();
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('states the hours in a sentence and a table, hides the drawing from screen readers, and reads again when the hour turns', async () => {
    const root = render();
    await waitFor(() => root.querySelector('.no-readings') !== null, { what: 'the empty state' });
    await readModel.saveCommunityHours([hourOf(3, 1200, 900, 0, 3000), hourOf(4, 1850.5, 1000, 30, 3600)]);
    // The community's hour turns every second here: the page reads the new hours without a trade or a reload.
    await waitFor(() => rows(root).length === 2, { what: 'the two hours read when the hour turned', timeoutMs: 10_000 });
    expect(summaryOf(root)).toBe(
      "In the last 2 hours (09:00 to 10:00) the community's solar panels produced 3.0505 kWh, its households used 1.9 kWh, and they traded 30 Wh. " +
        'The batteries of 3 households hold 3.6 kWh of 6 kWh (60%).',
    );
    expect(rows(root)).toEqual([
      ['09:00', '1.2 kWh', '900 Wh', '0 Wh', '3 kWh'],
      ['10:00', '1.8505 kWh', '1 kWh', '30 Wh', '3.6 kWh'],
    ]);
    expect(root.querySelector('.no-readings')).toBeNull();
    expect(root.querySelector('figure figcaption')).not.toBeNull();
    expect(root.querySelector('figure .chart')?.getAttribute('aria-hidden')).toBe('true');
    expect(root.querySelector('section')?.getAttribute('aria-labelledby')).toBe('community-energy-heading');
    expect(textOf(root.querySelector('#community-energy-heading'))).toBe('Community energy');
  });

  it('says in words when the read model cannot be reached, without a spinner left turning', async () => {
    const port = await freePort();
    const root = render({ apiUrl: `http://127.0.0.1:${port}/api`, wsUrl: `ws://127.0.0.1:${port}/rpc` });
    await waitFor(() => root.querySelector('[role="alert"]') !== null, { what: 'the failure sentence', timeoutMs: 30_000 });
    expect(textOf(root.querySelector('[role="alert"]'))).toContain("The community's hours could not be read: The main server cannot be reached.");
    expect(root.querySelector('.spinner')).toBeNull();
    expect(root.querySelector('figure')).toBeNull();
  });
});
