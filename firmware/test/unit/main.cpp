#include <cstdio>

#include "../framework/tiny_test.h"
#include "../support/metering_report.h"
#include "../support/seeded_random.h"

int main(int argc, char** argv) {
  std::printf("seed %llu (set TEST_SEED to replay)\n",
              static_cast<unsigned long long>(energy_node::testing::testSeed()));
  const int status = tiny_test::runAllTests(argc, argv);
  const std::string reportPath = tiny_test::option("--metering-report");
  if (!reportPath.empty() && !energy_node::testing::writeMeteringReport(reportPath)) {
    std::fprintf(stderr, "cannot write %s\n", reportPath.c_str());
    return 1;
  }
  return status;
}
