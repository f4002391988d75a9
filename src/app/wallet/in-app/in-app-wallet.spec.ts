import { TestBed } from '@angular/core/testing';
import { parseEther, verifyTypedData } from 'ethers';

import { appProvidersFor } from '../../../testing/app-providers';
import { type LocalChain, startLocalChain } from '../../../testing/local-chain';
import { waitFor } from '../../../testing/wait-for';
import { AGENT_POLICY_TYPES, agentPolicyDomain, agentPolicyTypedData, defaultAgentPolicy } from '../../agents/agent-policy';
import { signAgentPolicy } from '../../agents/sign-policy';
import { Transactor } from '../../transactions/transactor';
import type { DiscoveredWallet } from '../eip1193';
import { WALLET_DISCOVERY, browserWalletDiscovery } from '../wallet-discovery';
import { WalletSession } from '../wallet-session';
import { IN_APP_WALLET_INFO, InAppWallet, SECURE_CONTEXT } from './in-app-wallet';

const PIN = '482915';

describe('InAppWallet (a wallet made in the page, as an EIP-6963 wallet)', () => {
  // scrypt in JavaScript and several mined transactions share two cores with the rest of the suite.
  vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
  let chain: LocalChain;

  beforeAll(async () => {
    chain = await startLocalChain();
    localStorage.clear();
  });
  afterAll(() => chain.stop());

  /** A page load: the app's own wallet discovery (EIP-6963 events on window), over HTTPS or not. */
  function loadPage(secure = true) {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        ...appProvidersFor(chain),
        { provide: WALLET_DISCOVERY, useFactory: () => (TestBed.inject(InAppWallet), browserWalletDiscovery(window)) },
        { provide: SECURE_CONTEXT, useValue: secure },
      ],
    });
    return { inApp: TestBed.inject(InAppWallet), session: TestBed.inject(WalletSession), transactor: TestBed.inject(Transactor) };
  }

  const found = (session: WalletSession): DiscoveredWallet | undefined =>
    session.wallets().find((wallet) => wallet.info.rdns === IN_APP_WALLET_INFO.rdns);

  let phrase = '';
  let address = '';

  it('is created under a PIN, found by the page like any browser wallet, and sends only what the person confirms', async () => {
    const { inApp, session, transactor } = loadPage();
    expect(found(session)).toBeUndefined();

    phrase = await inApp.create(PIN);
    address = inApp.address()!;
    expect(phrase.split(' ')).toHaveLength(12);
    const wallet = await waitFor(() => found(session));
    await chain.accounts[0].sendTransaction({ to: address, value: parseEther('1') }).then((tx) => tx.wait());

    await session.connect(wallet);
    expect(session.state()).toBe('connected');
    expect(session.account()).toBe(address);

    // Confirmed: the dialog's question says what the transaction does and what it may cost.
    const offer = transactor.run({ label: 'Sell 1 kWh', action: 'createOffer', args: [1_000_000n, 200_000_000_000n] });
    const question = await waitFor(() => (inApp.prompt()?.kind === 'confirm' ? inApp.prompt() : null));
    expect(question).toMatchObject({ kind: 'confirm', from: address, to: chain.config.marketplace.address, toLabel: 'The energy marketplace', summary: 'Offer 1 kWh at ETH 0.20 per kWh', valueWei: 0n });
    expect(question.kind === 'confirm' && question.maxFeeWei > 0n).toBe(true);
    inApp.confirm();
    const done = await offer.done;
    expect(done.state).toBe('confirmed');
    expect(inApp.prompt()).toBeNull();
    const maker = (await chain.marketplace().getOrder(1n)).maker;
    expect(maker).toBe(address);

    // Rejected: code 4001 reaches the app as a rejection and nothing is sent.
    const nonce = await chain.accounts[0].provider!.getTransactionCount(address);
    const second = transactor.run({ label: 'Sell 2 kWh', action: 'createOffer', args: [2_000_000n, 200_000_000_000n] });
    await waitFor(() => inApp.prompt()?.kind === 'confirm');
    inApp.reject();
    const refused = await second.done;
    expect(refused.state === 'failed' && refused.error.kind).toBe('rejected');
    expect(await chain.accounts[0].provider!.getTransactionCount(address)).toBe(nonce);
  });

  it('after a reload stays locked until the PIN is typed, and refuses a wrong PIN in words', async () => {
    const { inApp, session } = loadPage();
    const wallet = await waitFor(() => found(session));
    expect(inApp.address()).toBe(address);
    expect(inApp.unlocked()).toBe(false);
    expect(await wallet.provider.request({ method: 'eth_accounts' })).toEqual([]);

    const connecting = session.connect(wallet);
    await waitFor(() => inApp.prompt()?.kind === 'unlock');
    await inApp.submitPin('000000');
    expect(inApp.prompt()).toMatchObject({ kind: 'unlock', problem: 'That PIN does not open this wallet. Try again.', checking: false });
    await inApp.submitPin(PIN);
    await connecting;
    expect(session.state()).toBe('connected');
    expect(session.account()).toBe(address);
    expect(await inApp.revealPhrase(PIN)).toBe(phrase);
  });

  it('cancelling the PIN leaves the page disconnected, and nothing else changed', async () => {
    const { inApp, session } = loadPage();
    const wallet = await waitFor(() => found(session));
    const connecting = session.connect(wallet);
    await waitFor(() => inApp.prompt()?.kind === 'unlock');
    inApp.reject();
    await connecting;
    expect(session.state()).toBe('disconnected');
    expect(session.error()?.kind).toBe('rejected');
    expect(inApp.address()).toBe(address);
  });

  it('comes back on a new phone from its recovery phrase, under a new PIN', async () => {
    localStorage.clear();
    const { inApp, session } = loadPage();
    expect(inApp.address()).toBeNull();
    await inApp.restore(phrase.toUpperCase(), '135790');
    expect(inApp.address()).toBe(address);
    await session.connect(await waitFor(() => found(session)));
    expect(session.account()).toBe(address);
    expect(await inApp.revealPhrase('135790')).toBe(phrase);
  });

  it('signs only this community\'s automatic-trading policy, after the person read it in words', async () => {
    const { inApp, session } = loadPage();
    const wallet = await waitFor(() => found(session));
    const connecting = session.connect(wallet);
    await waitFor(() => inApp.prompt()?.kind === 'unlock');
    await inApp.submitPin('135790');
    await connecting;
    const { chainId, marketplace } = chain.config;
    const policy = defaultAgentPolicy(address, chain.accounts[5].address, 1n);

    const signing = signAgentPolicy(wallet.provider, chainId, marketplace.address, policy);
    const question = await waitFor(() => (inApp.prompt()?.kind === 'sign' ? inApp.prompt() : null));
    expect(question).toMatchObject({ kind: 'sign', from: address, summary: 'Automatic trading is off: the agent does nothing for you.' });
    inApp.confirm();
    const signed = await signing;
    const types = { AgentPolicy: [...AGENT_POLICY_TYPES.AgentPolicy] };
    expect(verifyTypedData(agentPolicyDomain(chainId, marketplace.address), types, signed.policy, signed.signature)).toBe(address);
    expect(inApp.prompt()).toBeNull();

    // Rejected in the dialog: the page hears a rejection.
    const rejected = signAgentPolicy(wallet.provider, chainId, marketplace.address, { ...policy, nonce: 2n });
    await waitFor(() => inApp.prompt()?.kind === 'sign');
    inApp.reject();
    await expect(rejected).rejects.toMatchObject({ kind: 'rejected' });

    // Anything else (another contract's domain, another household's policy) is refused without a question.
    const foreign = agentPolicyTypedData(chainId, chain.accounts[9].address, policy);
    await expect(wallet.provider.request({ method: 'eth_signTypedData_v4', params: [address, JSON.stringify(foreign)] })).rejects.toMatchObject({ code: 4200 });
    const other = agentPolicyTypedData(chainId, marketplace.address, { ...policy, household: chain.accounts[1].address });
    await expect(wallet.provider.request({ method: 'eth_signTypedData_v4', params: [address, JSON.stringify(other)] })).rejects.toMatchObject({ code: 4100 });
    await expect(wallet.provider.request({ method: 'personal_sign', params: ['0x01', address] })).rejects.toMatchObject({ code: 4200 });
    expect(inApp.prompt()).toBeNull();
  });

  it('is not offered over plain HTTP: nothing is announced and nothing can be created', async () => {
    const { inApp, session } = loadPage(false);
    await waitFor(() => !session.discovering());
    expect(found(session)).toBeUndefined();
    expect(inApp.available).toBe(false);
    await expect(inApp.create(PIN)).rejects.toThrow(/only over HTTPS/);
  });
});
