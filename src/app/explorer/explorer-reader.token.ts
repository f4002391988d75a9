import { InjectionToken, inject } from '@angular/core';

import { READ_PROVIDER } from '../chain/read-provider';
import { RUNTIME_CONFIG } from '../config/config.service';
import { ExplorerReader } from './explorer-reader';

/** The explorer's reads, on the app's shared read provider (the RPC gateway). */
export const EXPLORER_READER = new InjectionToken<ExplorerReader>('EXPLORER_READER', {
  providedIn: 'root',
  factory: () => new ExplorerReader(inject(READ_PROVIDER), inject(RUNTIME_CONFIG).marketplace),
});
