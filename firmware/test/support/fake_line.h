// The line behind the relay, for tests: what a sensor reads at a given time
// with the relay open or closed. Time is the test's own clock, in ms.
#pragma once

#include <cstdint>
#include <functional>

#include "../../src/core/energy_units.h"

namespace energy_node::testing {

// Readings with the relay closed, as a function of time since it closed.
using LineProfile = std::function<SensorReading(uint64_t msSinceClosed)>;

// A steady load: `watts` at `volts` while closed.
LineProfile constantLoad(double watts, double volts = 12.0);

// Reading of `watts` at `volts`, rounded to whole mV and mA as an ADC would.
SensorReading readingFor(double watts, double volts = 12.0);

}  // namespace energy_node::testing
