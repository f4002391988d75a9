import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import { RpcSocket, type SocketEvent } from '../chain/rpc-socket';
import type { ApiReadModelUpdate } from './api-shapes';

/** The read model's live changes, as one subscription kind on the page's one WebSocket. */
@Injectable({ providedIn: 'root' })
export class ReadModelUpdates {
  private readonly socket = inject(RpcSocket);

  /**
   * `eth_subscribe("readModel", {account?})`: every change of the market, or
   * only the orders and trades of one household.
   */
  changes(account?: string | null): Observable<SocketEvent<ApiReadModelUpdate>> {
    return this.socket.subscribe<ApiReadModelUpdate>(account ? ['readModel', { account: account.toLowerCase() }] : ['readModel']);
  }
}
