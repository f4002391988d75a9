/**
 * The households' signed policies (data/agents/policies.json). A policy is
 * accepted only when it is well formed, was signed (EIP-712) by the household
 * it is for, names this agent, and carries a nonce above the last one accepted
 * for that household: an old policy, replayed, is refused. No passwords: the
 * household's wallet signature is the only credential.
 */
import { existsSync, readFileSync } from 'node:fs';

import { verifyTypedData } from 'ethers';

import {
  AGENT_POLICY_TYPES,
  type AgentPolicy,
  type AgentPolicyDomain,
  AgentPolicyError,
  type AgentPolicyJson,
  agentPolicyToJson,
  parseAgentPolicy,
} from '../../src/app/agents/agent-policy';
import { writeJsonAtomic } from '../lib/atomic-write';

export interface StoredPolicy {
  readonly policy: AgentPolicy;
  readonly signature: string;
  /** Unix ms it was accepted. */
  readonly acceptedAtMs: number;
}

interface StoredPolicyJson {
  readonly policy: AgentPolicyJson;
  readonly signature: string;
  readonly acceptedAtMs: number;
}

/** Why a policy was refused, with the HTTP status that says so. */
export class PolicyRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const SIGNATURE = /^0x[0-9a-fA-F]{130}$/;

export class PolicyStore {
  private readonly policies = new Map<string, StoredPolicy>();

  constructor(
    private readonly path: string,
    private readonly domain: AgentPolicyDomain,
    private readonly agent: string,
  ) {
    if (existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, StoredPolicyJson>;
      for (const [household, entry] of Object.entries(saved)) {
        this.policies.set(household, { policy: parseAgentPolicy(entry.policy), signature: entry.signature, acceptedAtMs: entry.acceptedAtMs });
      }
    }
  }

  get(household: string): StoredPolicy | undefined {
    return this.policies.get(household.toLowerCase());
  }

  households(): string[] {
    return [...this.policies.values()].map((stored) => stored.policy.household);
  }

  /** The nonce the household's next policy must carry (at least). */
  nextNonce(household: string): bigint {
    return (this.get(household)?.policy.nonce ?? 0n) + 1n;
  }

  /**
   * Checks and stores a signed policy for `household` (the URL's); returns it,
   * or throws PolicyRefusal: 400 malformed or inconsistent, 401 not signed by
   * the household, 409 a nonce at or below the last accepted one.
   */
  accept(household: string, body: unknown, nowMs = Date.now()): StoredPolicy {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new PolicyRefusal(400, 'send {"policy": {...}, "signature": "0x..."}');
    }
    const { policy: policyJson, signature, ...rest } = body as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length) throw new PolicyRefusal(400, `unknown field "${extra[0]}": send only "policy" and "signature"`);
    if (typeof signature !== 'string' || !SIGNATURE.test(signature)) {
      throw new PolicyRefusal(400, '"signature" must be the wallet\'s signature: 0x and 130 hex digits');
    }
    let policy: AgentPolicy;
    try {
      policy = parseAgentPolicy(policyJson);
    } catch (error) {
      if (error instanceof AgentPolicyError) throw new PolicyRefusal(400, `policy: ${error.message}`);
      throw error;
    }
    if (policy.household.toLowerCase() !== household.toLowerCase()) {
      throw new PolicyRefusal(400, `the policy is for ${policy.household}, not for ${household}`);
    }
    if (policy.agent.toLowerCase() !== this.agent.toLowerCase()) {
      throw new PolicyRefusal(400, `the policy names the agent ${policy.agent}; this service's agent is ${this.agent}`);
    }
    let signer: string;
    try {
      signer = verifyTypedData(this.domain, copyTypes(), agentPolicyToJson(policy), signature);
    } catch {
      throw new PolicyRefusal(401, 'the signature is not a valid signature of this policy');
    }
    if (signer.toLowerCase() !== household.toLowerCase()) {
      // Whatever was signed (another policy, chain or market, or by another key), it is not this household's.
      throw new PolicyRefusal(401, `the policy is not signed by ${household}: sign it in that household's wallet`);
    }
    const next = this.nextNonce(household);
    if (policy.nonce < next) {
      throw new PolicyRefusal(409, `policy nonce ${policy.nonce} was already used: sign the policy with nonce ${next} or above`);
    }
    const stored: StoredPolicy = { policy, signature, acceptedAtMs: nowMs };
    this.policies.set(household.toLowerCase(), stored);
    this.save();
    return stored;
  }

  private save(): void {
    const out: Record<string, StoredPolicyJson> = {};
    for (const [household, stored] of this.policies) {
      out[household] = { policy: agentPolicyToJson(stored.policy), signature: stored.signature, acceptedAtMs: stored.acceptedAtMs };
    }
    writeJsonAtomic(this.path, out);
  }
}

/** ethers wants a mutable types object. */
function copyTypes() {
  return { AgentPolicy: AGENT_POLICY_TYPES.AgentPolicy.map((field) => ({ ...field })) };
}
