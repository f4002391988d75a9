import { verifyTypedData } from 'ethers/hash';
import { BrowserProvider, JsonRpcSigner } from 'ethers/providers';

import { AppError } from '../core/app-error';
import { errorCodes, errorMessages } from '../core/error-details';
import { toAppError } from '../core/to-app-error';
import { WALLET_TIMEOUT_MS, withTimeout } from '../core/with-timeout';
import type { Eip1193Provider } from '../wallet/eip1193';
import { AGENT_POLICY_TYPES, type AgentPolicy, type SignedAgentPolicyJson, agentPolicyDomain, agentPolicyToJson } from './agent-policy';

/** Codes with which a wallet says it cannot sign typed data at all (EIP-1193 4200: unsupported method). */
const UNSUPPORTED_CODES = new Set<number | string>([4200, -32601, 'UNSUPPORTED_OPERATION']);

/**
 * Signs a policy as EIP-712 typed data in the household's wallet (ethers'
 * `signTypedData`, which asks the EIP-1193 wallet for `eth_signTypedData_v4`),
 * then checks that the signature is the household's before anything is sent:
 * a wallet that signed with another account is told apart from a refusal.
 */
export async function signAgentPolicy(wallet: Eip1193Provider, chainId: number, marketplace: string, policy: AgentPolicy): Promise<SignedAgentPolicyJson> {
  const domain = agentPolicyDomain(chainId, marketplace);
  const types = { AgentPolicy: [...AGENT_POLICY_TYPES.AgentPolicy] };
  const message = agentPolicyToJson(policy);
  const signer = new JsonRpcSigner(new BrowserProvider(wallet, chainId, { staticNetwork: true }), policy.household);
  let signature: string;
  try {
    signature = await withTimeout(
      signer.signTypedData(domain, types, message),
      WALLET_TIMEOUT_MS,
      'Your wallet did not answer within 5 minutes. If it still shows the request, reject it there and try again.',
    );
  } catch (error) {
    throw signingError(error);
  }
  if (verifyTypedData(domain, types, message, signature).toLowerCase() !== policy.household.toLowerCase()) {
    throw new AppError('wallet', 'Your wallet signed with another account than the connected one; nothing was sent. Choose the household’s account in your wallet and try again.');
  }
  return { policy: message, signature };
}

function signingError(error: unknown): AppError {
  const known = toAppError(error);
  if (known.kind === 'rejected' || known.kind === 'timeout') return known;
  const codes = errorCodes(error);
  const said = errorMessages(error).find((text) => text.length > 0 && text.length < 200);
  if (codes.some((code) => UNSUPPORTED_CODES.has(code)) || /not supported|only sends transactions|unsupported/i.test(said ?? '')) {
    return new AppError(
      'wallet',
      'Your wallet cannot sign an automatic-trading policy (EIP-712 typed data)' +
        (said ? ` (it says: “${said}”)` : '') +
        '. Connect a wallet that can, such as MetaMask, and try again.',
      undefined,
      error,
    );
  }
  return known;
}
