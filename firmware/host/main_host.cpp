// firmware/build/energy-node: the node's core on the host, with a simulated
// household (battery, PV, load), the same HTTP API over POSIX sockets, a
// state file in place of NVS, and optionally a line shared with the other
// emulators of a community.
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "../src/core/energy_node.h"
#include "../src/core/node_router.h"
#include "emulator_options.h"
#include "household_plant.h"
#include "http_server_host.h"
#include "metering_loop_host.h"
#include "node_store_host.h"
#include "scaled_clock_host.h"
#include "shared_line_host.h"
#include "simulated_io_host.h"
#include "trade_log_host.h"

using namespace energy_node;

namespace {

std::string urlHost(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

HouseholdFigures householdFigures(const HouseholdPlant& plant) {
  const HouseholdState state = plant.state();
  HouseholdFigures figures;
  figures.batterySocPct = plant.socPct();
  figures.pvPowerW = plant.pvWattsNow();
  figures.loadPowerW = plant.loadWattsNow();
  figures.unmetLoadWh = state.unmetLoadWh;
  figures.curtailedWh = state.curtailedWh;
  figures.batteryCapacityWh = plant.model().capacityWh;
  figures.pvEnergyWh = state.pvWh;
  figures.loadEnergyWh = state.loadWh;
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  EmulatorOptions options;
  bool helpRequested = false;
  std::string error;
  if (!parseEmulatorOptions(std::vector<std::string>(argv + 1, argv + argc), options, helpRequested,
                            error)) {
    std::fprintf(stderr, "energy-node: %s\n", error.c_str());
    return 2;
  }
  if (helpRequested) {
    std::fputs(emulatorUsage().c_str(), stdout);
    return 0;
  }
  if (!options.secretGiven) {
    std::fprintf(stderr, "energy-node: no --secret given; using the development secret\n");
  }
  if (options.household.tamperFactor != 1.0) {
    std::fprintf(stderr, "energy-node: TAMPERED METER: reports %.3g times what it sends (tests only)\n",
                 options.household.tamperFactor);
  }

  // Signals are taken by the server's signalfd; block them before any thread
  // starts so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<SharedLine> line;
  if (!options.linePath.empty()) {
    line = SharedLine::open(options.linePath, error);
    if (!line) {
      std::fprintf(stderr, "energy-node: %s\n", error.c_str());
      return 1;
    }
  }

  HouseholdPlant plant(options.household);
  SimulatedRelay relay(plant);
  NullNodeStore memoryOnly;
  std::unique_ptr<FileNodeStore> fileStore;
  if (!options.stateFile.empty()) fileStore = std::make_unique<FileNodeStore>(options.stateFile);
  NodeStore& store = fileStore ? static_cast<NodeStore&>(*fileStore) : memoryOnly;
  StderrTradeLog tradeLog;
  EnergyNode node(options.node, relay, store, options.quiet ? nullptr : &tradeLog);

  if (node.restore() == StoreLoadResult::Corrupt) {
    // Starting empty would forget which trades were delivered and could
    // deliver one twice, so refuse instead.
    std::fprintf(stderr,
                 "energy-node: cannot use the state file: %s\n"
                 "energy-node: move it away to start with an empty state\n",
                 fileStore->lastError().c_str());
    return 1;
  }

  // Trade times and the household's day keep going forward across restarts:
  // the clock starts after the latest time the state file holds.
  uint64_t latest = node.latestRecordedTimeMs();
  if (fileStore && fileStore->household()) latest = std::max(latest, fileStore->household()->timeMs);
  const uint64_t notBefore = latest + options.node.samplePeriodMs;
  const ScaledClock clock(options.timeScale, options.epochUnixMs, notBefore);
  std::mutex nodeMutex;
  MeteringParts parts;
  parts.store = fileStore.get();
  parts.line = line.get();
  parts.lineLossPct = options.lineLossPct;
  MeteringLoop metering(node, plant, nodeMutex, options.node.samplePeriodMs, parts);
  metering.setFirstSampleMs(clock.startMs());
  if (fileStore && fileStore->household()) {
    // The battery kept its charge; the household lived on while the emulator was down.
    plant.resume(*fileStore->household(), metering.nextSampleMs());
  } else {
    plant.startAt(metering.nextSampleMs());
  }

  HttpServer server([&](const HttpRequest& request) {
    std::lock_guard<std::mutex> lock(nodeMutex);
    const uint64_t now = clock.nowMs();
    metering.catchUpLocked(now);
    RouteContext context{node, options.secret, now, now - clock.startMs(), {}};
    context.extras.timeScale = options.timeScale;
    context.extras.household = householdFigures(plant);
    return routeRequest(request, context);
  });
  if (!server.listen(options.host, options.port, error)) {
    std::fprintf(stderr, "energy-node: %s\n", error.c_str());
    return 1;
  }

  metering.start(clock);

  std::printf("energy-node listening on http://%s:%u\n", urlHost(options.host).c_str(),
              unsigned(server.boundPort()));
  std::fflush(stdout);

  server.run();

  metering.stop();
  {
    std::lock_guard<std::mutex> lock(nodeMutex);
    node.shutdown(clock.nowMs());
    metering.leaveLineLocked();
    if (fileStore) {
      fileStore->setHousehold(plant.state());
      fileStore->flush();
    }
  }
  if (fileStore) {
    std::fprintf(stderr, "energy-node: stopped, state saved to %s\n", fileStore->path().c_str());
  } else {
    std::fprintf(stderr, "energy-node: stopped\n");
  }
  return 0;
}
