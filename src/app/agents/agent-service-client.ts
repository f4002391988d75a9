import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, firstValueFrom } from 'rxjs';

import { AppError } from '../core/app-error';
import { READ_TIMEOUT_MS, withTimeout } from '../core/with-timeout';
import { NODE_API_BASE_URL } from '../nodes/node-api';
import { AGENT_API_PATHS, type AgentActivityPage, type AgentServiceInfo, type HouseholdAgentView } from './agent-api';
import type { AgentPolicyJson, SignedAgentPolicyJson } from './agent-policy';

/** What the service answers to an accepted policy. */
export interface AcceptedPolicy {
  readonly policy: AgentPolicyJson;
  readonly signature: string;
  readonly acceptedAtMs: number;
}

const UNREACHABLE = 'The automatic-trading service cannot be reached right now. Try again in a moment.';
const TIMED_OUT = 'The automatic-trading service did not answer in time. Try again in a moment.';

/**
 * The agent service's HTTP API, forwarded by the main server at /api/agents
 * (paths and shapes in agent-api.ts). Every failure becomes an AppError whose
 * message a person reads: the service's own sentence when it gave one.
 */
@Injectable({ providedIn: 'root' })
export class AgentServiceClient {
  private readonly http = inject(HttpClient);
  private readonly base = inject(NODE_API_BASE_URL);

  info(): Promise<AgentServiceInfo> {
    return this.ask(this.http.get<AgentServiceInfo>(this.base + AGENT_API_PATHS.info));
  }

  household(household: string): Promise<HouseholdAgentView> {
    return this.ask(this.http.get<HouseholdAgentView>(this.base + AGENT_API_PATHS.household(household)));
  }

  activity(household: string, limit = 20, before?: number): Promise<AgentActivityPage> {
    const params: Record<string, string> = { limit: String(limit) };
    if (before !== undefined) params['before'] = String(before);
    return this.ask(this.http.get<AgentActivityPage>(this.base + AGENT_API_PATHS.activity(household), { params }));
  }

  /** PUT a signed policy; a refusal reads "The service refused the policy: ...". */
  putPolicy(household: string, signed: SignedAgentPolicyJson): Promise<AcceptedPolicy> {
    return this.ask(this.http.put<AcceptedPolicy>(this.base + AGENT_API_PATHS.policy(household), signed), 'The service refused the policy');
  }

  private async ask<T>(request: Observable<T>, refusal?: string): Promise<T> {
    try {
      return await withTimeout(firstValueFrom(request), READ_TIMEOUT_MS, TIMED_OUT);
    } catch (error) {
      throw serviceError(error, refusal);
    }
  }
}

function serviceError(error: unknown, refusal?: string): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof HttpErrorResponse) || error.status === 0) return new AppError('unreachable', UNREACHABLE, undefined, error);
  const said = (error.error as { error?: unknown } | null)?.error;
  // 502/503/504: the main server is up but the agent service behind it is not.
  if (typeof said !== 'string' || said === '' || error.status >= 502) return new AppError('unreachable', UNREACHABLE, undefined, error);
  const sentence = /[.!?]$/.test(said) ? said : `${said}.`;
  const message = refusal ? `${refusal}: ${sentence}` : sentence[0].toUpperCase() + sentence.slice(1);
  return new AppError(error.status < 500 ? 'invalid-input' : 'unknown', message, undefined, error);
}
