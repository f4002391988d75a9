import { Pipe, type PipeTransform } from '@angular/core';

import { formatPricePerKWh } from '../core/units';

/** Wei per mWh in the currency per kWh: "KES 24.50 per kWh". */
@Pipe({ name: 'pricePerKWh' })
export class PricePipe implements PipeTransform {
  transform(weiPerMilliWh: bigint): string {
    return formatPricePerKWh(weiPerMilliWh);
  }
}
