// Collects the metering error of each analytic profile, so the benchmark can
// report the worst one (bench.json: firmware.meteringErrorPct).
#pragma once

#include <string>
#include <vector>

namespace energy_node::testing {

struct MeteringResult {
  std::string profile;
  double exactMilliWh;
  double meteredMilliWh;
  double errorPct;
};

void recordMeteringResult(const MeteringResult& result);
const std::vector<MeteringResult>& meteringResults();
// Writes {"worstErrorPct": .., "profiles": [..]}; false if it cannot.
bool writeMeteringReport(const std::string& path);

}  // namespace energy_node::testing
