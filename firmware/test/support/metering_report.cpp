#include "metering_report.h"

#include <algorithm>
#include <cstdio>

namespace energy_node::testing {
namespace {

std::vector<MeteringResult>& results() {
  static std::vector<MeteringResult> all;
  return all;
}

}  // namespace

void recordMeteringResult(const MeteringResult& result) { results().push_back(result); }

const std::vector<MeteringResult>& meteringResults() { return results(); }

bool writeMeteringReport(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return false;
  double worst = 0;
  for (const MeteringResult& result : results()) worst = std::max(worst, result.errorPct);
  std::fprintf(file, "{\n  \"worstErrorPct\": %.6f,\n  \"profiles\": [", worst);
  for (size_t i = 0; i < results().size(); ++i) {
    const MeteringResult& result = results()[i];
    std::fprintf(file,
                 "%s\n    {\"profile\": \"%s\", \"exactMilliWh\": %.6f, \"meteredMilliWh\": %.6f, "
                 "\"errorPct\": %.6f}",
                 i == 0 ? "" : ",", result.profile.c_str(), result.exactMilliWh,
                 result.meteredMilliWh, result.errorPct);
  }
  std::fprintf(file, "\n  ]\n}\n");
  return std::fclose(file) == 0;
}

}  // namespace energy_node::testing
