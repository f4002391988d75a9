/**
 * What a person does on the dApp's screens, found by role and label as they
 * would find it: connect the wallet, post an offer or a request, open the
 * market and My Account.
 */
import type { Locator, Page } from 'playwright-core';

import type { Person } from './person';
import { shown, textOf } from './waiting';

/** Presses Connect wallet and confirms in the wallet; waits for "My Account:" with the address. */
export async function connectWallet(person: Person): Promise<void> {
  const { page, wallet } = person;
  if (!wallet) throw new Error('this person has no wallet');
  await page.getByRole('button', { name: 'Connect wallet' }).click();
  await wallet.confirm('eth_requestAccounts');
  await shown(page.getByRole('banner').getByText('My Account:'));
}

export function sellForm(page: Page): Locator {
  return page.getByRole('form', { name: 'Sell Energy' });
}

export function buyForm(page: Page): Locator {
  return page.getByRole('form', { name: 'Buy Energy' });
}

/** Fills the Sell or Buy Energy form (quantity in Wh or kWh, price in the currency per kWh), without submitting. */
export async function fillOrderForm(form: Locator, quantity: string, unit: 'Wh' | 'kWh', priceEthPerKWh: string): Promise<void> {
  await form.getByLabel('Energy quantity').fill(quantity);
  await form.getByLabel('Unit of the quantity').selectOption(unit);
  await form.getByLabel(/price \(\w+ per kWh\)/).fill(priceEthPerKWh);
}

/** The status line of the last transaction started in `scope`, once it says `state`. */
export async function txStatus(scope: Locator | Page, state: RegExp): Promise<string> {
  return textOf(scope.getByRole('status').filter({ hasText: state }), state, 30_000);
}

/** The block number in "confirmed in block N" (the link also says "Block" to screen readers, and breaks lines). */
export function confirmedBlock(statusText: string): number {
  const match = /confirmed in block\s+(?:Block\s+)?#?(\d+)/.exec(statusText);
  if (!match) throw new Error(`no block number in "${statusText}"`);
  return Number(match[1]);
}

export function offersTable(page: Page): Locator {
  return page.getByRole('region', { name: 'Energy for sale' });
}

export function requestsTable(page: Page): Locator {
  return page.getByRole('region', { name: 'Energy wanted' });
}

export async function openMyAccount(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My Account' }).click();
  await shown(page.getByRole('heading', { name: 'My Account', level: 1 }));
}

export async function openMarket(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Market' }).click();
  await shown(page.getByRole('heading', { name: 'Energy for sale' }));
}

/** The "Balance:" figure in the header, e.g. "ETH 999.98". */
export async function headerBalance(page: Page): Promise<string> {
  return (await page.getByRole('banner').locator('.balance').innerText()).trim();
}

/**
 * Clicks an explorer link where its first letters are, as a person does. Its visually hidden
 * parts ("Block ", ", address 0x…") are 1-pixel boxes that Playwright counts among the link's
 * boxes and may aim at; being clipped, they let the click through to the table cell.
 */
export async function clickLink(link: Locator): Promise<void> {
  await link.click({ position: { x: 4, y: 4 } });
}
