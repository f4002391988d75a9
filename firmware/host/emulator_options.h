// Command-line flags of the emulator (firmware/build/energy-node --help).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../src/core/node_config.h"
#include "household_plant.h"

namespace energy_node {

struct EmulatorOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 7001;  // 0 picks a free port (printed on the listening line)
  std::string secret = "dev-node-secret";
  bool secretGiven = false;
  std::string stateFile;  // empty: nothing kept across restarts
  double timeScale = 1.0;
  std::optional<int64_t> epochUnixMs;  // shared simulated clock of a community
  std::string linePath;                // shared line file; empty: no line
  double lineLossPct = 2.0;            // lost on the way to this node when it imports
  bool quiet = false;
  HouseholdModel household;
  NodeConfig node;
};

constexpr double kMaxTimeScale = 10'000.0;

// Parses argv (without argv[0]); on failure `error` names the flag and the
// problem. `--help` sets `helpRequested`.
bool parseEmulatorOptions(const std::vector<std::string>& args, EmulatorOptions& options,
                          bool& helpRequested, std::string& error);

std::string emulatorUsage();

}  // namespace energy_node
