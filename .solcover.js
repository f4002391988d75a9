// Coverage of the market contract only: test contracts (attackers, receivers) are tools, not product.
module.exports = {
  skipFiles: ['test/'],
  // A property test of 1,000 sequences is slow under instrumentation; coverage runs a shorter one.
  mocha: { timeout: 600000 },
};
