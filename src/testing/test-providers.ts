import { provideZonelessChangeDetection } from '@angular/core';

/** Providers every spec gets (see "providersFile" in angular.json): the app runs zoneless, so do the specs. */
export default [provideZonelessChangeDetection()];
