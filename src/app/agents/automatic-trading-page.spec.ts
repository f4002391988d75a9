import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { getAddress, verifyTypedData } from 'ethers';

import { appProvidersFor } from '../../testing/app-providers';
import { buttonByText, controlByLabel, queryButton, textOf, typeInto } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { freePort } from '../../testing/ports';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import type { AgentServiceInfo, HouseholdAgentView } from './agent-api';
import { AGENT_POLICY_TYPES, agentPolicyDomain, agentPolicyToJson, defaultAgentPolicy } from './agent-policy';
import { AgentPolicyForm } from './agent-policy-form';
import { AutomaticTradingPage } from './automatic-trading-page';

const ETH = 1_000_000_000_000_000_000n;

/** The automatic-trading page on a real chain, with the household's wallet; the agent service down (the system test runs it up). */
describe('AutomaticTradingPage', () => {
  let chain: LocalChain;
  let wallet: TestWallet;
  /** A port nothing listens on: the agent service is down. */
  let downUrl: string;

  beforeAll(async () => {
    chain = await startLocalChain();
    downUrl = `http://127.0.0.1:${await freePort()}`;
  });
  afterAll(() => chain.stop());
  afterEach(() => wallet.destroy());

  async function until(fixture: ComponentFixture<unknown>, check: () => unknown, timeoutMs = 8000): Promise<void> {
    await waitFor(async () => {
      await fixture.whenStable();
      return check();
    }, { timeoutMs, what: check.toString() });
  }

  function connect(account: number): void {
    localStorage.clear();
    localStorage.setItem('energy-market.wallet', 'org.example.test-wallet');
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![account].privateKey, connected: true });
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { wallet, nodeApiBaseUrl: downUrl }) });
  }

  describe('with the agent service down', () => {
    it('says so in words, offers to try again, and still shows the agent on chain', async () => {
      connect(1);
      const fixture = TestBed.createComponent(AutomaticTradingPage);
      const root = fixture.nativeElement as HTMLElement;
      await until(fixture, () => textOf(root).includes('cannot be reached'));
      expect(root.querySelector('[role="alert"]')?.textContent).toContain('The automatic-trading service cannot be reached right now. Try again in a moment.');
      expect(queryButton(root, 'Try again')).toBeDefined();
      await until(fixture, () => textOf(root.querySelector('[data-testid="agent-on-chain"]')).includes('None authorized.'));
      expect(textOf(root.querySelector('[data-testid="agent-budget"]'))).toBe('ETH 0.00: your agent cannot buy until you deposit some.');
      // Authorizing needs the service's agent address: the button says why it waits.
      expect(buttonByText(root, 'Authorize the agent with these limits').disabled).toBe(true);
      expect(textOf(root)).toContain('Authorizing needs the agent service’s address: it cannot be reached right now.');
      expect(queryButton(root, 'Revoke the agent')).toBeUndefined();
      // The trades read from the (down) read API fail a moment later: no spinner is left turning.
      await until(fixture, () => root.querySelector('.spinner') === null);
    });

    it('deposits in the budget and takes it back through the wallet, and refuses more than the budget holds without asking the wallet', async () => {
      connect(2);
      const household = chain.accounts[2].address;
      const fixture = TestBed.createComponent(AutomaticTradingPage);
      const root = fixture.nativeElement as HTMLElement;
      await until(fixture, () => root.querySelector('[data-testid="agent-budget"]'));
      const amount = () => controlByLabel(root, 'Amount');

      buttonByText(root, 'Deposit in the budget').click();
      await until(fixture, () => textOf(root).includes('Enter an amount in ETH.'));
      expect(wallet.pending).toEqual([]);

      typeInto(amount(), '0.5');
      buttonByText(root, 'Deposit in the budget').click();
      const deposit = await wallet.nextRequest('eth_sendTransaction');
      expect((deposit.params[0] as { value: string }).value).toBe('0x' + (ETH / 2n).toString(16));
      await wallet.confirm();
      await until(fixture, () => textOf(root).includes('Deposit ETH 0.50 in the agent’s budget: confirmed in block'));
      await until(fixture, () => textOf(root.querySelector('[data-testid="agent-budget"]')) === 'ETH 0.50');
      expect((await chain.marketplace().getAgent(household)).budgetWei).toBe(ETH / 2n);

      typeInto(amount(), '0.6');
      buttonByText(root, 'Withdraw from the budget').click();
      await until(fixture, () => textOf(root).includes('The budget holds ETH 0.50: you can withdraw at most that.'));
      expect(wallet.pending).toEqual([]);

      typeInto(amount(), '0.2');
      buttonByText(root, 'Withdraw from the budget').click();
      await wallet.nextRequest('eth_sendTransaction');
      await wallet.confirm();
      await until(fixture, () => textOf(root.querySelector('[data-testid="agent-budget"]')) === 'ETH 0.30');
      expect((await chain.marketplace().getAgent(household)).budgetWei).toBe((ETH * 3n) / 10n);
    });

    it('revokes an agent in one transaction, and says why a rejected one changed nothing', async () => {
      const household = chain.accounts[3];
      await (
        await chain.marketplace(household).authorizeAgent(chain.accounts[9].address, {
          maxBuyPrice: 300_000_000_000n,
          minSellPrice: 200_000_000_000n,
          maxBoughtPerDayMilliWh: 1_000_000n,
          maxSoldPerDayMilliWh: 2_000_000n,
          maxSpentPerDayWei: ETH,
        })
      ).wait();
      connect(3);
      const fixture = TestBed.createComponent(AutomaticTradingPage);
      const root = fixture.nativeElement as HTMLElement;
      const onChain = () => textOf(root.querySelector('[data-testid="agent-on-chain"]'));
      await until(fixture, () => onChain().includes('Limits'));
      expect(onChain()).toContain("(not this community’s service: it cannot act on your policy)");
      expect(onChain()).toContain(
        'It pays at most ETH 0.30 per kWh, buys at most 1 kWh and spends at most ETH 1.00 a day; it sells at no less than ETH 0.20 per kWh and at most 2 kWh a day.',
      );

      buttonByText(root, 'Revoke the agent').click();
      await wallet.nextRequest('eth_sendTransaction');
      wallet.reject();
      await until(fixture, () => textOf(root).includes('Revoke the agent failed: You rejected the request in your wallet; nothing was changed.'));
      expect((await chain.marketplace().getAgent(household.address)).agent).toBe(chain.accounts[9].address);
      expect(buttonByText(root, 'Revoke the agent').disabled).toBe(false);

      buttonByText(root, 'Revoke the agent').click();
      await wallet.nextRequest('eth_sendTransaction');
      await wallet.confirm();
      await until(fixture, () => onChain().includes('None authorized.'));
      expect((await chain.marketplace().getAgent(household.address)).agent).toBe('0x0000000000000000000000000000000000000000');
      expect(queryButton(root, 'Revoke the agent')).toBeUndefined();
    });
  });

  describe('the policy form', () => {
    const agent = '0x00000000000000000000000000000000000a6e47';
    let info: AgentServiceInfo;
    let view: HouseholdAgentView;

    function renderForm(account: number): { fixture: ComponentFixture<AgentPolicyForm>; root: HTMLElement } {
      connect(account);
      const household = chain.accounts[account].address;
      info = {
        agent,
        chainId: chain.config.chainId,
        marketplace: chain.config.marketplace.address,
        currency: 'ETH',
        intervalMinutes: 15,
        stepsPerInterval: 3,
        timeScale: 1,
        timeOfDay: '12:00',
        typedData: { domain: agentPolicyDomain(chain.config.chainId, chain.config.marketplace.address), primaryType: 'AgentPolicy', types: AGENT_POLICY_TYPES },
        households: [],
      };
      view = {
        household,
        name: '',
        state: 'no-policy',
        stateText: 'no policy yet',
        policy: null,
        signature: null,
        nextNonce: '1',
        onChain: null,
        battery: null,
        forecastNetWh: null,
        openOrders: [],
      };
      const fixture = TestBed.createComponent(AgentPolicyForm);
      fixture.componentRef.setInput('household', household);
      fixture.componentRef.setInput('info', info);
      fixture.componentRef.setInput('view', view);
      return { fixture, root: fixture.nativeElement as HTMLElement };
    }

    it('shows each problem under its field once left, and asks the wallet nothing while one remains', async () => {
      const { fixture, root } = renderForm(4);
      await until(fixture, () => controlByLabel(root, 'Keep at least').value === '60');
      expect(textOf(root)).toContain('No policy yet: your agent does nothing until you sign one.');

      typeInto(controlByLabel(root, 'Buy when the battery is below'), '70');
      await until(fixture, () => textOf(root).includes('The buying target (50%) must be at or above the level it buys below (70%).'));
      expect(controlByLabel(root, '…up to').getAttribute('aria-invalid')).toBe('true');

      buttonByText(root, 'Sign and save').click();
      await until(fixture, () => textOf(root).includes('Some settings need your attention (see above); nothing was signed.'));
      // Fields never touched show their problems after a try.
      expect(textOf(root)).toContain('Enter the lowest selling price (0 if none).');
      expect(textOf(root)).toContain('Enter the money spent per day (0 if none).');
      expect(wallet.pending).toEqual([]);
      expect(wallet.calls).not.toContain('eth_signTypedData_v4');
    });

    it('says once, above "Sign and save", what the agent will do; the signed policy in brief at the top', async () => {
      const { fixture, root } = renderForm(4);
      const signed = {
        ...defaultAgentPolicy(view.household, agent, 3n),
        enabled: true,
        sellFloorPrice: 200_000_000_000n,
        maxSoldPerDayMilliWh: 2_000_000n,
      };
      fixture.componentRef.setInput('view', { ...view, state: 'active', stateText: 'trading by your policy', policy: agentPolicyToJson(signed), nextNonce: '4' });
      const sentence = 'The agent sells what your battery holds above 60% at ETH 0.20 per kWh or more, up to 2 kWh a day; it never buys; all day.';
      await until(fixture, () => textOf(root.querySelector('[data-testid="policy-summary"]')) === sentence);
      expect(textOf(root.querySelector('[data-testid="stored-policy"]'))).toBe(
        'In force: your signed policy (#3). Change a setting below and sign again to replace it.',
      );
      expect(textOf(root).split('The agent sells').length - 1).toBe(1);

      fixture.componentRef.setInput('view', { ...view, state: 'paused', stateText: 'you paused automatic trading', policy: agentPolicyToJson({ ...signed, paused: true }), nextNonce: '4' });
      await until(fixture, () => textOf(root.querySelector('[data-testid="stored-policy"]')).startsWith('Paused.'));
      expect(textOf(root.querySelector('[data-testid="stored-policy"]'))).toBe('Paused. Your agent does nothing new until you resume your signed policy (#3).');
      expect(textOf(root).split('The agent sells').length - 1).toBe(1);
      expect(buttonByText(root, 'Resume').disabled).toBe(false);
    });

    it('asks the wallet to sign the policy as typed data for the household, and says so when the person rejects it', async () => {
      const { fixture, root } = renderForm(5);
      await until(fixture, () => controlByLabel(root, 'Keep at least').value === '60');
      typeInto(controlByLabel(root, 'Never sell below'), '0.2');
      typeInto(controlByLabel(root, 'Never pay above'), '0.3');
      typeInto(controlByLabel(root, 'Energy sold'), '2');
      typeInto(controlByLabel(root, 'Energy bought'), '1');
      typeInto(controlByLabel(root, 'Money spent'), '0.5');
      await until(fixture, () => textOf(root).includes('The agent sells what your battery holds above 60% at ETH 0.20 per kWh or more, up to 2 kWh a day'));

      buttonByText(root, 'Sign and save').click();
      const request = await wallet.nextRequest('eth_signTypedData_v4');
      await until(fixture, () => textOf(root).includes('Save the automatic-trading policy: sign the policy in your wallet.'));
      const [signer, json] = request.params as [string, string];
      expect(signer.toLowerCase()).toBe(chain.accounts[5].address.toLowerCase());
      const typed = JSON.parse(json) as { domain: Record<string, unknown>; message: Record<string, unknown>; primaryType: string };
      expect(typed.primaryType).toBe('AgentPolicy');
      // ethers writes the chain id in hex and the address in lower case: the same domain.
      expect({ ...typed.domain, chainId: Number(typed.domain['chainId']), verifyingContract: getAddress(String(typed.domain['verifyingContract'])) }).toEqual({
        name: 'Community Energy automatic trading',
        version: '1',
        chainId: chain.config.chainId,
        verifyingContract: getAddress(chain.config.marketplace.address),
      });
      // ethers writes addresses in lower case in the payload: the same signed hash.
      expect(typed.message).toMatchObject({
        household: chain.accounts[5].address.toLowerCase(),
        agent,
        nonce: '1',
        enabled: true,
        paused: false,
        sellFloorPrice: '200000000000',
        buyCeilingPrice: '300000000000',
        maxSoldPerDayMilliWh: '2000000',
        maxBoughtPerDayMilliWh: '1000000',
        maxSpentPerDayWei: (ETH / 2n).toString(),
      });
      wallet.reject();
      await until(fixture, () => textOf(root).includes('Save the automatic-trading policy failed: You rejected the request in your wallet; nothing was changed.'));
      expect(buttonByText(root, 'Sign and save').disabled).toBe(false);

      // Signed, it is the household's signature over exactly that policy; the service is down, and the page says so.
      buttonByText(root, 'Sign and save').click();
      await wallet.nextRequest('eth_signTypedData_v4');
      const signature = (await wallet.confirm()) as string;
      const { EIP712Domain: _, ...types } = JSON.parse(json).types as Record<string, { name: string; type: string }[]>;
      expect(verifyTypedData(typed.domain, types, typed.message, signature)).toBe(chain.accounts[5].address);
      await until(fixture, () => textOf(root).includes('Save the automatic-trading policy failed: The automatic-trading service cannot be reached right now.'));
      expect(root.querySelector('.spinner')).toBeNull();
    });
  });
});
