/** What the in-app wallet asks the person, one thing at a time, in the app's own dialog. */
export type WalletPrompt = UnlockPrompt | ConfirmPrompt | SignPrompt;

/** The PIN, to open the wallet for this page (on connect, after a reload). */
export interface UnlockPrompt {
  readonly kind: 'unlock';
  readonly address: string;
  /** Why the last PIN was not taken, in words; null the first time. */
  readonly problem: string | null;
  /** True while the PIN is being checked (scrypt takes a moment on a phone). */
  readonly checking: boolean;
}

/** A transaction to confirm or reject, with what it does and what it may cost. */
export interface ConfirmPrompt {
  readonly kind: 'confirm';
  readonly from: string;
  readonly to: string;
  /** What the recipient is when it is one of the app's contracts ("the energy marketplace"); null otherwise. */
  readonly toLabel: string | null;
  /** What the call does, in words: "Buy 1 kWh of offer #4, paying KES 24.50". */
  readonly summary: string;
  readonly valueWei: bigint;
  /** The most the network fee can be: gas limit x max fee per gas. */
  readonly maxFeeWei: bigint;
  /** True once confirmed, while the transaction is signed and sent. */
  readonly sending: boolean;
}

/** Typed data to sign or reject: only an automatic-trading policy, said in words. */
export interface SignPrompt {
  readonly kind: 'sign';
  readonly from: string;
  /** The policy in one sentence, as the Automatic trading page says it. */
  readonly summary: string;
  /** True once confirmed, while the signature is made. */
  readonly sending: boolean;
}
