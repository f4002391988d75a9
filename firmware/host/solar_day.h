// The emulator's day: sunshine on a clear-sky curve dimmed by seeded clouds,
// and a household's load with a morning bump and an evening peak. Pure
// functions of simulated time and a seed, so every household of a community
// sees the same sun and its own clouds and habits, and a restarted emulator
// carries on the same day.
#pragma once

#include <cstdint>
#include <string>

namespace energy_node {

enum class LoadProfile { None, Flat, Household };

struct DayModel {
  uint64_t seed = 1;
  double startHour = 8.0;       // local solar time at simulated time 0
  double latitudeDeg = 10.0;    // of the village
  int dayOfYear = 80;           // 1..365; 80 is the March equinox
  double pvPeakWatts = 0.0;     // the array's output at 1000 W/m2; 0: no PV
  double cloudCover = 0.3;      // share of the day under cloud, 0..1
  LoadProfile loadProfile = LoadProfile::None;
  double loadWhPerDay = 1'200.0;
};

bool loadProfileFromName(const std::string& name, LoadProfile& profile);
const char* loadProfileName(LoadProfile profile);

// Hour of the day (0 <= h < 24) at a simulated time.
double hourOfDay(const DayModel& day, uint64_t simulatedMs);

// Global horizontal irradiance under a clear sky (Haurwitz), W/m2.
double clearSkyIrradiance(const DayModel& day, double hour);
// Share of sunlight that gets through the clouds now, 0..1.
double cloudTransmittance(const DayModel& day, uint64_t simulatedMs);

double pvWatts(const DayModel& day, uint64_t simulatedMs);
double loadWatts(const DayModel& day, uint64_t simulatedMs);

}  // namespace energy_node
