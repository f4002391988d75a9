// Vitest settings merged by `ng test` (angular.json: test.options.runnerConfig).
// Specs run against real local chains (Ganache), and CI machines are shared:
// allow time for a chain to start and for blocks to be polled.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Specs of pages that read the index also start the indexer and the main server for their chain.
    hookTimeout: 120_000,
  },
});
