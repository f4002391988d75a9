#include "solar_day.h"

#include <algorithm>
#include <cmath>

namespace energy_node {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMsPerHour = 3'600'000.0;
constexpr uint64_t kCloudCellMs = 10 * 60 * 1000;  // clouds change on a 10-minute scale
constexpr uint64_t kLoadCellMs = 15 * 60 * 1000;   // habits vary per quarter hour

// splitmix64: a well-mixed 64-bit hash of (seed, stream, index), as a value in [0, 1).
double hash01(uint64_t seed, uint64_t stream, uint64_t index) {
  uint64_t z = seed * 0x9E3779B97F4A7C15ULL + stream * 0xD1B54A32D192ED03ULL + index;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return double(z >> 11) * (1.0 / 9007199254740992.0);
}

// The load's shape over a day: a base, a morning bump at 7:00 and an evening
// peak at 19:30 (cooking, lights, TV), the pattern of an off-grid household.
double householdShape(double hour) {
  const auto bump = [hour](double centre, double width, double height) {
    double distance = std::fabs(hour - centre);
    distance = std::min(distance, 24.0 - distance);  // the day wraps round
    return height * std::exp(-0.5 * (distance / width) * (distance / width));
  };
  return 0.35 + bump(7.0, 1.0, 0.35) + bump(19.5, 1.5, 1.0);
}

// The shape's integral over a day, worked out once, so a day's load is loadWhPerDay.
double householdShapeIntegral() {
  static const double integral = [] {
    double sum = 0;
    constexpr int kSteps = 24 * 600;
    for (int i = 0; i < kSteps; ++i) sum += householdShape((i + 0.5) * 24.0 / kSteps);
    return sum * 24.0 / kSteps;
  }();
  return integral;
}

}  // namespace

bool loadProfileFromName(const std::string& name, LoadProfile& profile) {
  if (name == "none") {
    profile = LoadProfile::None;
  } else if (name == "flat") {
    profile = LoadProfile::Flat;
  } else if (name == "household") {
    profile = LoadProfile::Household;
  } else {
    return false;
  }
  return true;
}

const char* loadProfileName(LoadProfile profile) {
  switch (profile) {
    case LoadProfile::None:
      return "none";
    case LoadProfile::Flat:
      return "flat";
    case LoadProfile::Household:
      return "household";
  }
  return "none";
}

double hourOfDay(const DayModel& day, uint64_t simulatedMs) {
  const double hour = std::fmod(day.startHour + double(simulatedMs) / kMsPerHour, 24.0);
  return hour < 0 ? hour + 24.0 : hour;
}

double clearSkyIrradiance(const DayModel& day, double hour) {
  const double declination = 23.45 * kPi / 180.0 * std::sin(2.0 * kPi * (284.0 + day.dayOfYear) / 365.0);
  const double latitude = day.latitudeDeg * kPi / 180.0;
  const double hourAngle = (hour - 12.0) * 15.0 * kPi / 180.0;
  const double cosZenith = std::sin(latitude) * std::sin(declination) +
                           std::cos(latitude) * std::cos(declination) * std::cos(hourAngle);
  if (cosZenith <= 0.0) return 0.0;
  return 1098.0 * cosZenith * std::exp(-0.057 / cosZenith);
}

double cloudTransmittance(const DayModel& day, uint64_t simulatedMs) {
  if (day.cloudCover <= 0.0) return 1.0;
  const auto cell = [&day](uint64_t index) {
    if (hash01(day.seed, 1, index) >= day.cloudCover) return 1.0;
    return 1.0 - (0.35 + 0.5 * hash01(day.seed, 2, index));  // a cloud blocks 35-85 %
  };
  // Linear between the centres of neighbouring cells: clouds drift in and out.
  const uint64_t shifted = simulatedMs + kCloudCellMs / 2;
  const uint64_t index = shifted / kCloudCellMs;
  const double within = double(shifted % kCloudCellMs) / double(kCloudCellMs);
  const double before = index == 0 ? cell(0) : cell(index - 1);
  return before + (cell(index) - before) * within;
}

double pvWatts(const DayModel& day, uint64_t simulatedMs) {
  if (day.pvPeakWatts <= 0.0) return 0.0;
  const double irradiance = clearSkyIrradiance(day, hourOfDay(day, simulatedMs));
  if (irradiance <= 0.0) return 0.0;
  return day.pvPeakWatts * irradiance / 1000.0 * cloudTransmittance(day, simulatedMs);
}

double loadWatts(const DayModel& day, uint64_t simulatedMs) {
  const double averageWatts = day.loadWhPerDay / 24.0;
  switch (day.loadProfile) {
    case LoadProfile::None:
      return 0.0;
    case LoadProfile::Flat:
      return averageWatts;
    case LoadProfile::Household: {
      const double shape = householdShape(hourOfDay(day, simulatedMs)) / householdShapeIntegral() * 24.0;
      // +-20 % per quarter hour, mean 1: no two households, no two days alike.
      const double variation = 0.8 + 0.4 * hash01(day.seed, 3, simulatedMs / kLoadCellMs);
      return averageWatts * shape * variation;
    }
  }
  return 0.0;
}

}  // namespace energy_node
