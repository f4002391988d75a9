// Metering against power profiles whose energy is known in closed form.
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "../../src/core/energy_integrator.h"
#include "../framework/tiny_test.h"
#include "../support/metering_report.h"
#include "../support/node_harness.h"
#include "../support/seeded_random.h"

using namespace energy_node;
using namespace energy_node::testing;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMaxErrorPct = 0.5;

struct AnalyticProfile {
  std::string name;
  std::function<double(double)> volts;  // of seconds since the relay closed
  std::function<double(double)> amps;
  std::function<double(double)> exactWattHours;  // energy over [0, seconds]
  double seconds;
};

AnalyticProfile fromPower(std::string name, std::function<double(double)> watts,
                          std::function<double(double)> exactWattHours, double seconds,
                          double volts = 12.0) {
  return {std::move(name), [volts](double) { return volts; },
          [watts, volts](double t) { return watts(t) / volts; }, std::move(exactWattHours), seconds};
}

// Piecewise-linear power through random corners; its exact energy is the sum
// of its trapezoids.
AnalyticProfile randomPiecewiseLinear(int index, SeededRandom& random) {
  std::vector<double> times{0.0};
  std::vector<double> watts{random.uniform(5, 230)};
  while (times.back() < 900.0) {
    times.push_back(times.back() + random.uniform(1.0, 60.0));
    watts.push_back(random.uniform(5, 230));
  }
  const auto power = [times, watts](double t) {
    for (size_t i = 1; i < times.size(); ++i) {
      if (t <= times[i]) {
        const double f = (t - times[i - 1]) / (times[i] - times[i - 1]);
        return watts[i - 1] + f * (watts[i] - watts[i - 1]);
      }
    }
    return watts.back();
  };
  const auto energy = [times, watts, power](double t) {
    double joules = 0;
    for (size_t i = 1; i < times.size() && times[i - 1] < t; ++i) {
      const double end = std::min(t, times[i]);
      joules += (watts[i - 1] + power(end)) / 2.0 * (end - times[i - 1]);
    }
    return joules / 3600.0;
  };
  return fromPower("random piecewise-linear #" + std::to_string(index), power, energy, 900.0);
}

std::vector<AnalyticProfile> analyticProfiles() {
  std::vector<AnalyticProfile> profiles;
  profiles.push_back(fromPower(
      "constant 60 W", [](double) { return 60.0; }, [](double t) { return 60.0 * t / 3600.0; },
      600.0, 12.8));
  profiles.push_back(fromPower(
      "ramp 10 W to 250 W", [](double t) { return 10.0 + 0.4 * t; },
      [](double t) { return (10.0 * t + 0.2 * t * t) / 3600.0; }, 600.0));
  profiles.push_back(fromPower(
      "sine 120 W +- 90 W, 37 s period",
      [](double t) { return 120.0 + 90.0 * std::sin(2 * kPi * t / 37.0); },
      [](double t) {
        return (120.0 * t + 90.0 * 37.0 / (2 * kPi) * (1 - std::cos(2 * kPi * t / 37.0))) / 3600.0;
      },
      600.0));
  profiles.push_back(fromPower(
      "load steps 40 W / 180 W between samples",
      [](double t) { return (t >= 123.45 && t < 400.05) ? 180.0 : 40.0; },
      [](double t) {
        const double high = std::max(0.0, std::min(t, 400.05) - 123.45);
        return (40.0 * t + 140.0 * high) / 3600.0;
      },
      600.0));
  // A battery sagging under a fading load: V and I both decay.
  profiles.push_back(AnalyticProfile{
      "sagging battery, fading load",
      [](double t) { return 12.0 + 1.4 * std::exp(-t / 300.0); },
      [](double t) { return 8.0 * std::exp(-t / 900.0) + 0.5; },
      [](double t) {
        const double k = 1.0 / 300.0 + 1.0 / 900.0;
        const double joules = 96.0 * 900.0 * (1 - std::exp(-t / 900.0)) + 6.0 * t +
                              11.2 / k * (1 - std::exp(-k * t)) +
                              0.7 * 300.0 * (1 - std::exp(-t / 300.0));
        return joules / 3600.0;
      },
      1200.0});
  SeededRandom random(1);
  for (int i = 0; i < 20; ++i) profiles.push_back(randomPiecewiseLinear(i, random));
  return profiles;
}

SensorReading readingAt(const AnalyticProfile& profile, double seconds) {
  SensorReading reading;
  reading.milliVolts = int32_t(std::lround(profile.volts(seconds) * 1000.0));
  reading.milliAmps = int32_t(std::lround(profile.amps(seconds) * 1000.0));
  return reading;
}

double errorPct(double metered, double exact) { return std::fabs(metered - exact) / exact * 100.0; }

}  // namespace

TEST(Metering, IntegratesConstantPowerExactly) {
  EnergyIntegrator integrator;
  integrator.begin(0);
  for (uint64_t t = 0; t <= 3'600'000; t += 100) integrator.addSample(t, 60'000'000);  // 60 W
  EXPECT_EQ(integrator.microWattHours(), int64_t(60'000'000));                          // 60 Wh
}

TEST(Metering, CountsTheFirstIntervalAfterTheRelayClosesAtFullWidth) {
  // A relay makes a step: power is the first sample's from the moment it closed.
  EnergyIntegrator integrator;
  integrator.begin(1'000);
  integrator.addSample(1'100, 36'000'000);  // 36 W for 100 ms = 1 mWh
  EXPECT_EQ(integrator.microWattHours(), int64_t(1'000));
  integrator.addSample(1'200, 0);  // then the trapezoid: half of 1 mWh
  EXPECT_EQ(integrator.microWattHours(), int64_t(1'500));
}

TEST(Metering, MatchesAnalyticProfilesWithinHalfAPercent) {
  for (const AnalyticProfile& profile : analyticProfiles()) {
    EnergyIntegrator integrator;
    integrator.begin(0);
    const uint64_t endMs = uint64_t(profile.seconds * 1000);
    for (uint64_t t = 0; t <= endMs; t += 100) {
      const SensorReading reading = readingAt(profile, double(t) / 1000.0);
      integrator.addSample(t, reading.deliveredMicroWatts());
    }
    const double exact = profile.exactWattHours(profile.seconds) * 1000.0;
    const double metered = double(integrator.microWattMs()) / 3.6e6 / 1000.0;
    const double error = errorPct(metered, exact);
    if (!EXPECT_TRUE(error <= kMaxErrorPct)) {
      tiny_test::recordFailure(__FILE__, __LINE__, profile.name + ": " + std::to_string(error) + " %");
    }
  }
}

TEST(Metering, NodeMetersAnalyticProfilesWithinHalfAPercent) {
  // Through the whole node: relay closes on an order, sampling every 100 ms,
  // delivered figure read from the trade.
  uint64_t tradeId = 1;
  for (const AnalyticProfile& profile : analyticProfiles()) {
    NodeConfig config;
    config.maxQuantityMilliWh = 1'000'000'000;
    config.maxMilliAmps = 40'000;  // the ramp ends above the default 20 A
    NodeHarness harness(config);
    harness.line = [&profile](uint64_t msSinceClosed) {
      return readingAt(profile, double(msSinceClosed) / 1000.0);
    };
    harness.order(tradeId, 100'000'000);  // more than any profile gives
    harness.step();                       // relay closes
    const uint64_t startMs = harness.trade(tradeId).startedAtMs;
    const uint64_t durationMs = uint64_t(profile.seconds * 1000);
    while (harness.nowMs <= startMs + durationMs) harness.step();

    const Trade trade = harness.trade(tradeId);
    EXPECT_EQ(trade.state, TradeState::Delivering);
    const double exact = profile.exactWattHours(profile.seconds) * 1000.0;
    const double metered = double(trade.deliveredMicroWh) / 1000.0;
    const double error = errorPct(metered, exact);
    recordMeteringResult({profile.name, exact, metered, error});
    if (!EXPECT_TRUE(error <= kMaxErrorPct)) {
      tiny_test::recordFailure(__FILE__, __LINE__, profile.name + ": " + std::to_string(error) + " %");
    }
    ++tradeId;
  }
}
