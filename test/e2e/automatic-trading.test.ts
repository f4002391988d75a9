/**
 * Automatic trading as a household sets it up in a real browser against the
 * whole system (`npm start`, its agent service included): the policy signed in
 * the wallet as typed data and accepted by the service, the agent authorized
 * with the policy's limits and funded on chain, paused at once, then revoked in
 * one transaction. The chain and the service's API are checked beside every screen.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import type { AgentServiceInfo, HouseholdAgentView } from '../../src/app/agents/agent-api';
import { connectWallet, txStatus } from './support/actions';
import { launchChromium } from './support/browser';
import { account, marketplace } from './support/chain';
import { type Person, openApp } from './support/person';
import { screenshot, screenshotPagesOnFailure } from './support/screenshots';
import { type RunningSystem, startSystem } from '../support/system/npm-start';
import { waitFor } from '../support/wait-for';
import { shown, textOf } from './support/waiting';

const HOUSEHOLD = 1; // Demo household 2
const ETH = 10n ** 18n;

/** GET on the main server; a 5xx (the service's chain read reset on a loaded machine) is asked again, a 4xx fails. */
async function getJson<T>(system: RunningSystem, path: string): Promise<T> {
  return waitFor(
    async () => {
      const answer = await fetch(system.baseUrl + path);
      if (answer.status >= 500) throw new Error(`GET ${path} answered ${answer.status}: ${await answer.text()}`);
      assert.equal(answer.status, 200, `GET ${path} answered ${answer.status}: ${await answer.clone().text()}`);
      return (await answer.json()) as T;
    },
    { what: `GET ${path}`, timeoutMs: 20_000, intervalMs: 500 },
  );
}

async function openAutomaticTrading(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automatic trading' }).click();
  await shown(page.getByRole('heading', { name: 'Automatic trading', level: 1 }));
}

describe('a household turns automatic trading on, funds its agent, pauses and revokes it', () => {
  let system: RunningSystem;
  let browser: Browser;
  let person: Person;
  let info: AgentServiceInfo;
  const household = account(HOUSEHOLD).address;

  before(async () => {
    system = await startSystem({ timeScale: 60 });
    browser = await launchChromium();
    person = await openApp(browser, system, { account: HOUSEHOLD });
    await connectWallet(person);
    info = await getJson<AgentServiceInfo>(system, '/api/agents');
  });

  afterEach(screenshotPagesOnFailure(__filename, () => [person?.page]));

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('signs the policy in the wallet as typed data, and the service accepts it as the household’s', async () => {
    const page = person.page;
    await openAutomaticTrading(page);
    const policyForm = page.getByRole('form', { name: 'Your policy' });
    await shown(policyForm);
    await textOf(policyForm, 'No policy yet');
    await screenshot(page, 'automatic-trading-empty');

    await policyForm.getByLabel('Never sell below').fill('0.2');
    await policyForm.getByLabel('Never pay above').fill('0.3');
    await policyForm.getByLabel('Energy sold').fill('0.5');
    await policyForm.getByLabel('Energy bought').fill('0.5');
    await policyForm.getByLabel('Money spent').fill('0.5');
    // A mistake first: said under its field, nothing asked of the wallet.
    await policyForm.getByLabel('Buy when the battery is below').fill('80');
    await policyForm.getByLabel('Buy when the battery is below').blur();
    await textOf(policyForm, 'The buying target (50%) must be at or above the level it buys below (80%).');
    await policyForm.getByRole('button', { name: 'Sign and save' }).click();
    await textOf(policyForm, 'nothing was signed');
    await policyForm.getByLabel('Buy when the battery is below').fill('30');
    await textOf(policyForm, 'The agent sells what your battery holds above 60% at ETH 0.20 per kWh or more, up to 500 Wh a day');

    await policyForm.getByRole('button', { name: 'Sign and save' }).click();
    const request = await person.wallet!.confirm('eth_signTypedData_v4');
    const typed = JSON.parse(String(request.params[1])) as { primaryType: string; message: Record<string, unknown> };
    assert.equal(typed.primaryType, 'AgentPolicy');
    assert.equal(String(typed.message['household']).toLowerCase(), household.toLowerCase());
    assert.equal(String(typed.message['agent']).toLowerCase(), info.agent.toLowerCase());
    await textOf(policyForm, 'Saved: your agent follows the new policy from now on.');
    await screenshot(page, 'automatic-trading-policy-saved');

    const view = await getJson<HouseholdAgentView>(system, `/api/agents/${household}`);
    assert.ok(view.policy, 'the service holds the policy');
    assert.equal(view.policy.nonce, '1');
    assert.equal(view.policy.sellFloorPrice, '200000000000');
    assert.equal(view.policy.maxSpentPerDayWei, (ETH / 2n).toString());
    assert.equal(view.policy.paused, false);
    assert.ok(view.signature, 'with the wallet’s signature');
    assert.equal(view.nextNonce, '2');
    // Not yet authorized on chain: at its next step the service finds it cannot act, and the page says so by itself.
    const waiting = await waitFor(
      async () => {
        const current = await getJson<HouseholdAgentView>(system, `/api/agents/${household}`);
        return current.state === 'not-authorized' && current;
      },
      { what: 'the agent service finds the agent not authorized', timeoutMs: 60_000 },
    );
    // The service's words, as a sentence.
    await textOf(page.getByTestId('agent-state'), waiting.stateText[0].toUpperCase() + waiting.stateText.slice(1), 30_000);
  });

  it('authorizes the agent on chain with the policy’s limits and funds its budget, each through the wallet', async () => {
    const page = person.page;
    const card = page.getByRole('region', { name: 'Limits on chain and budget' });
    await textOf(card.getByTestId('agent-on-chain'), 'None authorized.');

    await card.getByRole('button', { name: 'Authorize the agent with these limits' }).click();
    await person.wallet!.confirm('eth_sendTransaction');
    await txStatus(card, /Authorize the automatic-trading agent: confirmed in block/);
    const onChain = await marketplace(system).getAgent(household);
    assert.equal(onChain.agent, info.agent);
    assert.deepEqual(
      [onChain.limits.maxBuyPrice, onChain.limits.minSellPrice, onChain.limits.maxBoughtPerDayMilliWh, onChain.limits.maxSoldPerDayMilliWh, onChain.limits.maxSpentPerDayWei],
      [300_000_000_000n, 200_000_000_000n, 500_000n, 500_000n, ETH / 2n],
    );
    await textOf(card.getByTestId('agent-on-chain'), "(this community's automatic-trading service)");

    await card.getByLabel('Amount').fill('0.25');
    await card.getByRole('button', { name: 'Deposit in the budget' }).click();
    await person.wallet!.confirm('eth_sendTransaction');
    await txStatus(card, /confirmed in block/);
    await textOf(card.getByTestId('agent-budget'), 'ETH 0.25');
    assert.equal((await marketplace(system).getAgent(household)).budgetWei, ETH / 4n);

    // The service sees the authorization: the agent is no longer "not authorized".
    const view = await waitFor(
      async () => {
        const current = await getJson<HouseholdAgentView>(system, `/api/agents/${household}`);
        return current.state !== 'not-authorized' && current.onChain?.authorized === true && current;
      },
      { what: 'the agent service sees the authorization', timeoutMs: 30_000 },
    );
    assert.equal(view.onChain!.budgetWei, (ETH / 4n).toString());
    // What the agent did, in the service's words: the policy first.
    await textOf(page.getByTestId('agent-activity'), 'Policy #1 accepted', 30_000);
    await screenshot(page, 'automatic-trading-authorized');
  });

  it('pauses at once with a signed policy, then revokes the agent in one transaction', async () => {
    const page = person.page;
    const policyForm = page.getByRole('form', { name: 'Your policy' });
    await policyForm.getByRole('button', { name: 'Pause now' }).click();
    await person.wallet!.confirm('eth_signTypedData_v4');
    await textOf(policyForm, 'Paused: your agent does nothing new and withdraws its open orders now.');
    const paused = await waitFor(
      async () => {
        const current = await getJson<HouseholdAgentView>(system, `/api/agents/${household}`);
        return current.state === 'paused' && current;
      },
      { what: 'the agent service pauses the household at once', timeoutMs: 15_000 },
    );
    assert.equal(paused.policy?.paused, true);
    assert.equal(paused.nextNonce, '3');
    await textOf(page.getByTestId('agent-state'), 'You paused automatic trading.', 30_000);
    await textOf(policyForm.getByTestId('stored-policy'), /^Paused\./);
    await shown(policyForm.getByRole('button', { name: 'Resume' }));

    const card = page.getByRole('region', { name: 'Limits on chain and budget' });
    await card.getByRole('button', { name: 'Revoke the agent' }).click();
    await person.wallet!.confirm('eth_sendTransaction');
    await txStatus(card, /Revoke the agent: confirmed in block/);
    await textOf(card.getByTestId('agent-on-chain'), 'None authorized.');
    const revoked = await marketplace(system).getAgent(household);
    assert.equal(revoked.agent, '0x0000000000000000000000000000000000000000');
    // The budget stays the household's, to take back.
    assert.equal(revoked.budgetWei, ETH / 4n);
    await screenshot(page, 'automatic-trading-revoked');
    assert.deepEqual(person.pageErrors, []);
  });
});
