/** `npm run build:services`: compiles the services to build/services (see services-build.cjs). */
const { buildServices } = require('./services-build.cjs');

const built = buildServices();
console.log(`compiled the services (${built.inputs} source files) to build/services in ${(built.ms / 1000).toFixed(1)} s`);
