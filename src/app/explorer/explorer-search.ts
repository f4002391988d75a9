import { Injectable, inject } from '@angular/core';

import { AppError } from '../core/app-error';
import { HouseholdDirectory } from '../community/household-directory';
import { ReadApi } from '../read-model/read-api';
import type { SearchOutcome } from './explorer-reader';
import { EXPLORER_READER } from './explorer-reader.token';
import { addressLink, blockLink, orderLink, tradeLink } from './explorer-links';
import { SEARCH_HINT, classifySearch } from './search-query';

/** The most households a name search lists to pick from. */
const MAX_NAME_CHOICES = 10;

/**
 * The explorer's search box, everything it can find: blocks, transactions
 * and addresses on the chain (ExplorerReader), trades and orders in the read
 * model, households by name in the community's directory. A bare number may
 * be a block, a trade and an order at once: what exists is offered to pick.
 */
@Injectable({ providedIn: 'root' })
export class ExplorerSearch {
  private readonly reader = inject(EXPLORER_READER);
  private readonly api = inject(ReadApi);
  private readonly directory = inject(HouseholdDirectory);

  async search(input: string): Promise<SearchOutcome> {
    const query = classifySearch(input);
    switch (query.kind) {
      case 'trade':
        return (await this.trade(query.id)) ?? { kind: 'not-found', message: `There is no trade #${query.id}.` };
      case 'order':
        return (await this.order(query.id)) ?? { kind: 'not-found', message: `There is no offer or request #${query.id}.` };
      case 'number':
        return this.number(query.number);
      case 'name':
        return this.name(query.text);
      default:
        return this.reader.search(input);
    }
  }

  private async number(number: number): Promise<SearchOutcome> {
    const [head, trade, order] = await Promise.all([this.reader.head(), this.trade(number), this.order(number)]);
    const found: { label: string; path: string }[] = [];
    if (number <= head) found.push({ label: `Block #${number}`, path: blockLink(number) });
    if (trade) found.push({ label: `Trade #${number}`, path: trade.path });
    if (order) found.push({ label: order.label, path: order.path });
    if (found.length === 1) {
      const what = found[0].path === blockLink(number) ? 'block' : found[0].path === trade?.path ? 'trade' : 'order';
      return { kind: 'found', path: found[0].path, what };
    }
    if (found.length === 0) return { kind: 'not-found', message: `No block, trade or order has the number ${number} yet: the latest block is #${head}.` };
    return { kind: 'choose', message: `#${number} names more than one thing. Which one?`, options: found };
  }

  private name(text: string): SearchOutcome {
    const wanted = text.toLocaleLowerCase();
    const matches = this.directory.households().filter((household) => household.name.toLocaleLowerCase().includes(wanted));
    if (matches.length === 1) return { kind: 'found', path: addressLink(matches[0].account), what: 'address' };
    if (matches.length === 0) {
      return { kind: 'not-found', message: `No household’s name contains “${text}”. ${SEARCH_HINT}` };
    }
    return {
      kind: 'choose',
      message: `${matches.length} households’ names contain “${text}”. Which one?`,
      options: matches.slice(0, MAX_NAME_CHOICES).map((household) => ({ label: household.name, path: addressLink(household.account) })),
    };
  }

  /** The trade's page if the index holds it; null if there is no such trade. */
  private async trade(id: number): Promise<(SearchOutcome & { kind: 'found' }) | null> {
    if (id === 0) return null;
    try {
      await this.api.trade(id);
      return { kind: 'found', path: tradeLink(id), what: 'trade' };
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  private async order(id: number): Promise<(SearchOutcome & { kind: 'found'; label: string }) | null> {
    if (id === 0) return null;
    try {
      const { order } = await this.api.order(id);
      return { kind: 'found', path: orderLink(id), what: 'order', label: `${order.kind === 'offer' ? 'Offer' : 'Request'} #${id}` };
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') return null;
      throw error;
    }
  }
}
