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
  return R"(energy-node: host emulator of the ESP32-S3 energy node (same core, simulated battery)

Usage: energy-node [flags]    (each flag as --name value or --name=value)

  --host ADDR               listen address (default 127.0.0.1)
  --port N                  listen port, 0 for any free port (default 7001)
  --secret TEXT             HMAC-SHA256 key of trade orders (default dev-node-secret)
  --state-file PATH         keep trades and energy total here across restarts
                            (default: none, state is lost on exit)
  --load-watts W            power the line draws while the relay is closed (default 60)
  --battery-wh WH           battery capacity (default 100)
  --initial-soc PCT         charge at start, 0..100 (default 100)
  --time-scale X            simulated seconds per real second, up to 10000 (default 1);
                            sampling keeps its period in simulated time
  --sample-ms N             sampling period, 1..100 ms (default 100)
  --max-current A           over-current limit that opens the relay (default 20)
  --low-power-watts W       below this a delivery counts as starved (default 1)
  --low-power-timeout-ms N  starved this long ends the trade `stopped` (default 3000)
  --max-quantity-mwh N      largest order accepted (default 100000000)
  --max-queued N            orders waiting at most (default 64)
  --remember N              finished trades remembered for idempotency (default 1024)
  --quiet                   do not log trade events to stderr
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
    } else if (flag == "--load-watts") {
      if (!parseNumber(value, 0, 100'000, number)) return bad("watts from 0 to 100000");
      options.battery.loadWatts = number;
    } else if (flag == "--battery-wh") {
      if (!parseNumber(value, 0.001, 1e7, number)) return bad("a capacity above 0 Wh");
      options.battery.capacityWh = number;
    } else if (flag == "--initial-soc") {
      if (!parseNumber(value, 0, 100, number)) return bad("a percentage from 0 to 100");
      options.battery.initialSocPct = number;
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
  if (options.node.lowPowerTimeoutMs < options.node.samplePeriodMs) {
    error = "--low-power-timeout-ms must be at least --sample-ms";
    return false;
  }
  return true;
}

}  // namespace energy_node
