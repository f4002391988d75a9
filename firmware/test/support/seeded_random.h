// Reproducible randomness for tests: one seed per run, printed at start and
// taken from TEST_SEED when set, so a failure can be replayed.
#pragma once

#include <cstdint>
#include <random>

namespace energy_node::testing {

uint64_t testSeed();

class SeededRandom {
 public:
  explicit SeededRandom(uint64_t salt = 0) : engine_(testSeed() ^ (salt * 0x9E3779B97F4A7C15ULL)) {}
  double uniform(double low, double high) { return std::uniform_real_distribution<double>(low, high)(engine_); }
  uint64_t integer(uint64_t low, uint64_t high) {
    return std::uniform_int_distribution<uint64_t>(low, high)(engine_);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace energy_node::testing
