/**
 * `npm start` and `npm run dev`: compiles the services when their sources
 * changed (scripts/build/services-build.cjs, about a second), then runs the
 * compiled supervisor (scripts/start.ts) in this very process. No TypeScript
 * loader stays in memory, here or in the services the supervisor starts.
 */
const { buildServices, compiledPath, servicesAreFresh } = require('./build/services-build.cjs');

if (!servicesAreFresh()) {
  if (process.argv.includes('--no-build')) {
    console.error('[start] the compiled services are missing or older than their sources: run without --no-build, or npm run build:services');
    process.exit(1);
  }
  try {
    const built = buildServices();
    console.log(`[start] compiled the services (${built.inputs} source files) in ${(built.ms / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(`[start] the services do not compile: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
require(compiledPath('start'));
