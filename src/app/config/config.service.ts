import { HttpClient } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { useCurrency } from '../core/units';
import type { RuntimeConfig } from './runtime-config';

/** Loads `/config.json` once at start-up (see `provideAppInitializer` in app.config.ts). */
@Injectable({ providedIn: 'root' })
export class ConfigService {
  private readonly http = inject(HttpClient);
  private loaded?: RuntimeConfig;

  async load(url = '/config.json'): Promise<RuntimeConfig> {
    this.use(await firstValueFrom(this.http.get<RuntimeConfig>(url)));
    return this.config;
  }

  /** Hands in a config directly: for tests and for embedding. */
  use(config: RuntimeConfig): void {
    this.loaded = config;
    // Every amount on every page is written in the community's currency.
    useCurrency(config.nativeCurrency.symbol);
  }

  get config(): RuntimeConfig {
    if (!this.loaded) throw new Error('The runtime config is not loaded yet.');
    return this.loaded;
  }
}

/** The loaded runtime config; inject it anywhere after start-up. */
export const RUNTIME_CONFIG = new InjectionToken<RuntimeConfig>('RUNTIME_CONFIG', {
  providedIn: 'root',
  factory: () => inject(ConfigService).config,
});
