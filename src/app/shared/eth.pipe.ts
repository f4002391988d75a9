import { Pipe, type PipeTransform } from '@angular/core';

import { formatEth } from '../core/units';

/** Wei as ETH, exact unless `maxFraction` digits cut it. */
@Pipe({ name: 'eth' })
export class EthPipe implements PipeTransform {
  transform(wei: bigint, maxFraction?: number): string {
    return formatEth(wei, maxFraction);
  }
}
