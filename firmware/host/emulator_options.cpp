#include "emulator_options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace energy_node {
namespace {

bool parseNumber(const std::string& text, double minimum, double maximum, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(value)) return false;
  if (value < minimum || value > maximum) return false;
  out = value;
  return true;
}

bool parseWhole(const std::string& text, double minimum, double maximum, uint64_t& out) {
  double value;
  if (!parseNumber(text, minimum, maximum, value) || value != std::floor(value)) return false;
  out = uint64_t(value);
  return true;
}

}  // namespace

std::string emulatorUsage() {
  return R"(energy-node: host emulator of the ESP32-S3 energy node (same core, simulated household)

Usage: energy-node [flags]    (each flag as --name value or --name=value)

Node
  --host ADDR               listen address (default 127.0.0.1)
  --port N                  listen port, 0 for any free port (default 7001)
  --secret TEXT             HMAC-SHA256 key of orders and answers (default dev-node-secret)
  --state-file PATH         keep trades, the delivery in progress and the battery here
                            across restarts (default: none, state is lost on exit)
  --time-scale X            simulated seconds per real second, up to 10000 (default 1);
                            sampling keeps its period in simulated time
  --epoch-ms T              Unix time (ms) at which the simulated clock read 0: emulators
                            given the same T share one clock (time of day, the line)
  --sample-ms N             sampling period, 1..100 ms (default 100)
  --max-current A           over-current limit that opens the relay (default 20)
  --low-power-watts W       below this a delivery counts as starved (default 1)
  --low-power-timeout-ms N  an export starved this long ends `stopped` (default 3000)
  --import-idle-timeout-ms N  an import without power this long ends `stopped` (default 600000)
  --max-quantity-mwh N      largest order accepted (default 100000000)
  --max-queued N            orders waiting at most (default 64)
  --remember N              finished trades remembered for idempotency (default 1024)
  --quiet                   do not log trade events to stderr

Line
  --export-watts W          power the line draws while this node exports (default 60;
                            --load-watts is the older name)
  --line FILE               the community's shared line file: imports receive what the
                            exporting emulator of the same trade sends (default: none)
  --line-loss-pct P         share of the sent power lost before it reaches this node
                            when it imports, 0..50 (default 2)
  --tamper-factor F         TESTS ONLY: the meter reports F times what is really sent
                            (default 1, honest)

Household
  --battery-wh WH           battery capacity (default 100)
  --initial-soc PCT         charge at the first start, 0..100 (default 100)
  --round-trip-efficiency PCT  of energy stored and taken out again (default 90)
  --pv-watts W              PV array output at 1000 W/m2 (default 0: no PV)
  --cloud-cover F           share of the day under cloud, 0..1 (default 0.3)
  --load-profile NAME       none, flat or household (evening peak) (default none)
  --load-wh-per-day WH      the household's daily consumption (default 1200)
  --seed N                  seeds this household's clouds and habits (default 1)
  --start-hour H            time of day at simulated time 0, 0..24 (default 8)
  --latitude DEG            of the village, -66..66 (default 10)
  --day-of-year N           1..365 (default 80, the March equinox)

  --help                    this text
)";
}

bool parseEmulatorOptions(const std::vector<std::string>& args, EmulatorOptions& options,
                          bool& helpRequested, std::string& error) {
  helpRequested = false;
  // The emulator has room for a longer memory and queue than the ESP32's NVS.
  options.node.maxQueuedTrades = 64;
  options.node.maxRememberedTrades = 1024;

  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool hasValue = false;
    const size_t equals = flag.find('=');
    if (flag.rfind("--", 0) == 0 && equals != std::string::npos) {
      value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
      hasValue = true;
    }

    if (flag == "--help" || flag == "-h") {
      helpRequested = true;
      return true;
    }
    if (flag == "--quiet") {
      options.quiet = true;
      continue;
    }
    if (flag.rfind("--", 0) != 0) {
      error = "unexpected argument '" + flag + "' (see --help)";
      return false;
    }
    if (!hasValue) {
      if (i + 1 >= args.size()) {
        error = flag + " needs a value";
        return false;
      }
      value = args[++i];
    }

    double number = 0;
    uint64_t whole = 0;
    const auto bad = [&](const char* expected) {
      error = flag + " " + value + ": expected " + expected;
      return false;
    };

    if (flag == "--host") {
      if (value.empty()) return bad("an address");
      options.host = value;
    } else if (flag == "--port") {
      if (!parseWhole(value, 0, 65535, whole)) return bad("a port from 0 to 65535");
      options.port = uint16_t(whole);
    } else if (flag == "--secret") {
      if (value.empty()) return bad("a non-empty secret");
      options.secret = value;
      options.secretGiven = true;
    } else if (flag == "--state-file") {
      if (value.empty()) return bad("a path");
      options.stateFile = value;
    } else if (flag == "--export-watts" || flag == "--load-watts") {
      if (!parseNumber(value, 0, 100'000, number)) return bad("watts from 0 to 100000");
      options.household.exportWatts = number;
    } else if (flag == "--battery-wh") {
      if (!parseNumber(value, 0.001, 1e7, number)) return bad("a capacity above 0 Wh");
      options.household.capacityWh = number;
    } else if (flag == "--initial-soc") {
      if (!parseNumber(value, 0, 100, number)) return bad("a percentage from 0 to 100");
      options.household.initialSocPct = number;
    } else if (flag == "--round-trip-efficiency") {
      if (!parseNumber(value, 1, 100, number)) return bad("a percentage from 1 to 100");
      options.household.roundTripEfficiencyPct = number;
    } else if (flag == "--pv-watts") {
      if (!parseNumber(value, 0, 1e6, number)) return bad("watts from 0 to 1000000");
      options.household.day.pvPeakWatts = number;
    } else if (flag == "--cloud-cover") {
      if (!parseNumber(value, 0, 1, number)) return bad("a share from 0 to 1");
      options.household.day.cloudCover = number;
    } else if (flag == "--load-profile") {
      if (!loadProfileFromName(value, options.household.day.loadProfile)) return bad("none, flat or household");
    } else if (flag == "--load-wh-per-day") {
      if (!parseNumber(value, 0, 1e6, number)) return bad("Wh from 0 to 1000000");
      options.household.day.loadWhPerDay = number;
    } else if (flag == "--seed") {
      if (!parseWhole(value, 0, 9007199254740991.0, whole)) return bad("a whole number from 0 to 2^53-1");
      options.household.day.seed = whole;
    } else if (flag == "--start-hour") {
      if (!parseNumber(value, 0, 24, number)) return bad("an hour from 0 to 24");
      options.household.day.startHour = number;
    } else if (flag == "--latitude") {
      if (!parseNumber(value, -66, 66, number)) return bad("degrees from -66 to 66");
      options.household.day.latitudeDeg = number;
    } else if (flag == "--day-of-year") {
      if (!parseWhole(value, 1, 365, whole)) return bad("a day from 1 to 365");
      options.household.day.dayOfYear = int(whole);
    } else if (flag == "--epoch-ms") {
      if (!parseWhole(value, 0, 9007199254740991.0, whole)) return bad("a Unix time in milliseconds");
      options.epochUnixMs = int64_t(whole);
    } else if (flag == "--line") {
      if (value.empty()) return bad("a path");
      options.linePath = value;
    } else if (flag == "--line-loss-pct") {
      if (!parseNumber(value, 0, 50, number)) return bad("a percentage from 0 to 50");
      options.lineLossPct = number;
    } else if (flag == "--tamper-factor") {
      if (!parseNumber(value, 1, 100, number)) return bad("a factor from 1 to 100");
      options.household.tamperFactor = number;
    } else if (flag == "--import-idle-timeout-ms") {
      if (!parseWhole(value, 1, 86'400'000, whole)) return bad("whole milliseconds above 0");
      options.node.importIdleTimeoutMs = uint32_t(whole);
    } else if (flag == "--time-scale") {
      if (!parseNumber(value, 0.001, kMaxTimeScale, number)) return bad("a factor from 0.001 to 10000");
      options.timeScale = number;
    } else if (flag == "--sample-ms") {
      if (!parseWhole(value, 1, kMaxSamplePeriodMs, whole)) return bad("whole milliseconds from 1 to 100");
      options.node.samplePeriodMs = uint32_t(whole);
    } else if (flag == "--max-current") {
      if (!parseNumber(value, 0.001, 2'000'000, number)) return bad("amps above 0");
      options.node.maxMilliAmps = int32_t(std::lround(number * 1000));
    } else if (flag == "--low-power-watts") {
      if (!parseNumber(value, 0, 100'000, number)) return bad("watts from 0 to 100000");
      options.node.lowPowerThresholdMicroW = int64_t(std::llround(number * 1e6));
    } else if (flag == "--low-power-timeout-ms") {
      if (!parseWhole(value, 1, 86'400'000, whole)) return bad("whole milliseconds above 0");
      options.node.lowPowerTimeoutMs = uint32_t(whole);
    } else if (flag == "--max-quantity-mwh") {
      if (!parseWhole(value, 1, 1e9, whole)) return bad("whole mWh from 1 to 10^9");
      options.node.maxQuantityMilliWh = whole;
    } else if (flag == "--max-queued") {
      if (!parseWhole(value, 1, 100'000, whole)) return bad("a count from 1 to 100000");
      options.node.maxQueuedTrades = size_t(whole);
    } else if (flag == "--remember") {
      if (!parseWhole(value, 1, 1'000'000, whole)) return bad("a count from 1 to 1000000");
      options.node.maxRememberedTrades = size_t(whole);
    } else {
      error = "unknown flag " + flag + " (see --help)";
      return false;
    }
  }
  if (options.node.lowPowerTimeoutMs < options.node.samplePeriodMs ||
      options.node.importIdleTimeoutMs < options.node.samplePeriodMs) {
    error = "--low-power-timeout-ms and --import-idle-timeout-ms must be at least --sample-ms";
    return false;
  }
  // A starved export with the battery at its empty voltage is a flat battery.
  options.node.batteryFlatMilliVolts = int32_t(std::lround(options.household.emptyVoltage * 1000.0)) + 50;
  return true;
}

}  // namespace energy_node
