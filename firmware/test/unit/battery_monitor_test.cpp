// The board's state of charge: coulomb counting, corrected at rest by the
// open-circuit voltage.
#include "../../src/core/battery_monitor.h"
#include "../framework/tiny_test.h"

using namespace energy_node;

namespace {

constexpr uint64_t kHourMs = 3'600'000;

BatteryMonitorConfig lifepo4(double capacityAh = 100.0) {
  BatteryMonitorConfig config;
  config.capacityAh = capacityAh;
  config.chargeEfficiency = 0.99;
  config.ocvTable = kLifepo4FourCellOcv;
  config.ocvPoints = kLifepo4FourCellOcvPoints;
  return config;
}

}  // namespace

TEST(BatteryMonitor, StartsFromTheRestingVoltage) {
  BatteryMonitor monitor(lifepo4());
  monitor.begin(0, 13'170);
  EXPECT_NEAR(monitor.socPct(), 50.0, 1e-9);
  EXPECT_NEAR(monitor.socFromOpenCircuit(13'150), 45.0, 1e-9);  // between 40 % and 50 %
  EXPECT_EQ(monitor.socFromOpenCircuit(9'000), 0.0);
  EXPECT_EQ(monitor.socFromOpenCircuit(14'000), 100.0);
}

TEST(BatteryMonitor, CountsCoulombsOutAndInUnderLoad) {
  BatteryMonitor monitor(lifepo4(100.0));
  monitor.begin(0, 13'170);  // 50 %
  // 10 A out for an hour: 10 % of 100 Ah, whatever the voltage under load says.
  for (uint64_t t = 100; t <= kHourMs; t += 100) monitor.update(t, 12'900, 10'000);
  EXPECT_NEAR(monitor.socPct(), 40.0, 1e-6);
  // 10 A in for an hour: 9.9 % kept.
  for (uint64_t t = kHourMs + 100; t <= 2 * kHourMs; t += 100) monitor.update(t, 13'400, -10'000);
  EXPECT_NEAR(monitor.socPct(), 49.9, 1e-6);
}

TEST(BatteryMonitor, ARestedBatteryCorrectsTheDriftOfTheCount) {
  BatteryMonitorConfig config = lifepo4(100.0);
  config.restSettleMs = 30 * 60 * 1000;
  BatteryMonitor monitor(config);
  monitor.begin(0, 13'170);  // 50 %
  for (uint64_t t = 100; t <= kHourMs; t += 100) monitor.update(t, 12'900, 20'000);  // count says 30 %
  EXPECT_NEAR(monitor.socPct(), 30.0, 1e-6);
  // At rest the pack reads 13.2 V (60 %): a sensor offset made the count drift.
  uint64_t t = kHourMs;
  for (; t <= kHourMs + 29 * 60 * 1000; t += 1000) monitor.update(t, 13'200, 100);
  EXPECT_TRUE(monitor.socPct() < 31.0);  // not rested long enough yet
  for (; t <= kHourMs + 31 * 60 * 1000; t += 1000) monitor.update(t, 13'200, 100);
  EXPECT_NEAR(monitor.socPct(), 60.0, 1e-9);
}

TEST(BatteryMonitor, StaysWithinZeroAndAHundred) {
  BatteryMonitor monitor(lifepo4(1.0));
  monitor.begin(0, 13'600);
  for (uint64_t t = 100; t <= kHourMs; t += 100) monitor.update(t, 13'600, -5'000);
  EXPECT_EQ(monitor.socPct(), 100.0);
  for (uint64_t t = kHourMs; t <= 3 * kHourMs; t += 100) monitor.update(t, 11'000, 5'000);
  EXPECT_EQ(monitor.socPct(), 0.0);
}
