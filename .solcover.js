// Coverage of the product contracts (EnergyMarketplace, Community): test contracts (attackers, receivers) are tools, not product.
// Under instrumentation the tests run 3 property sequences instead of 1,000 and skip the paging tests
// over thousands of orders (see coverageRunning() in test/contracts/helpers/fixtures.ts).
module.exports = {
  skipFiles: ['test/'],
  mocha: { timeout: 600000 },
};
