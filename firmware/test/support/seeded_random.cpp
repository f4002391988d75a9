#include "seeded_random.h"

#include <cstdlib>

namespace energy_node::testing {

uint64_t testSeed() {
  static const uint64_t seed = [] {
    const char* fromEnvironment = std::getenv("TEST_SEED");
    return fromEnvironment != nullptr ? std::strtoull(fromEnvironment, nullptr, 10) : 20230917ULL;
  }();
  return seed;
}

}  // namespace energy_node::testing
