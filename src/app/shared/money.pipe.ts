import { Pipe, type PipeTransform } from '@angular/core';

import { formatMoney } from '../core/units';

/** Wei in the community's currency ("KES 24.50"), exact unless `maxFraction` digits cut it. */
@Pipe({ name: 'money' })
export class MoneyPipe implements PipeTransform {
  transform(wei: bigint, maxFraction?: number): string {
    return formatMoney(wei, maxFraction);
  }
}
