// firmware/build/energy-node: the node's core on the host, with a simulated
// battery and load, the same HTTP API over POSIX sockets, and a state file
// in place of NVS.
#include <signal.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "../src/core/energy_node.h"
#include "../src/core/node_router.h"
#include "emulator_options.h"
#include "http_server_host.h"
#include "metering_loop_host.h"
#include "node_store_host.h"
#include "scaled_clock_host.h"
#include "simulated_io_host.h"
#include "trade_log_host.h"

using namespace energy_node;

namespace {

std::string urlHost(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
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

  // Signals are taken by the server's signalfd; block them before any thread
  // starts so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SimulatedBattery battery(options.battery);
  SimulatedRelay relay(battery);
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

  const ScaledClock clock(options.timeScale);
  std::mutex nodeMutex;
  MeteringLoop metering(node, battery, nodeMutex, options.node.samplePeriodMs, fileStore.get());
  HttpServer server([&](const HttpRequest& request) {
    std::lock_guard<std::mutex> lock(nodeMutex);
    const uint64_t now = clock.nowMs();
    metering.catchUpLocked(now);
    RouteContext context{node, options.secret, now, {}};
    context.extras.timeScale = options.timeScale;
    context.extras.batterySocPct = battery.socPct();
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
    if (fileStore) fileStore->flush();
  }
  if (fileStore) {
    std::fprintf(stderr, "energy-node: stopped, state saved to %s\n", fileStore->path().c_str());
  } else {
    std::fprintf(stderr, "energy-node: stopped\n");
  }
  return 0;
}
