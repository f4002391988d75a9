/**
 * What a person can see of their wallet:
 * - no-wallet: the browser has none (the market stays readable);
 * - disconnected: a wallet is there but has not shared an account with the page;
 * - connecting: the wallet is asking the person;
 * - connected: an account on the community chain;
 * - wrong-network: an account, but the wallet is on another chain.
 */
export type WalletState = 'no-wallet' | 'disconnected' | 'connecting' | 'connected' | 'wrong-network';
