// Serves the core router through the Arduino WebServer. One RequestHandler
// takes every request: it receives a body through the raw-body API (chunks of
// HTTP_RAW_BUFLEN), keeping at most kMaxOrderBodyBytes + 1 bytes, so a body is
// capped before it is read into memory; a body announced larger than
// kMaxDrainedBodyBytes is refused before a byte of it is read. Method, path,
// body, X-Signature and X-Nonce go to the router, its answer goes back.
#pragma once

#include <WebServer.h>
#include <freertos/FreeRTOS.h>
#include <freertos/semphr.h>

#include <cstdint>
#include <functional>
#include <string>

#include "../core/energy_node.h"
#include "../core/http_message.h"
#include "../core/status_json.h"

namespace energy_node {

// Bodies up to this are read (and all but the first bytes dropped) so the
// 413 answer reaches the client; larger ones are cut off at once.
constexpr size_t kMaxDrainedBodyBytes = 4096;

struct NodeClocks {
  uint64_t (*nodeMs)();   // the clock of trade times
  uint64_t (*uptimeMs)();
};

class NodeWebServer : public RequestHandler {
 public:
  using HouseholdSource = std::function<HouseholdFigures()>;  // called under the node mutex

  NodeWebServer(WebServer& server, EnergyNode& node, SemaphoreHandle_t nodeMutex, const char* secret,
                NodeClocks clocks, HouseholdSource household);
  void begin();
  void handleClient();

  // The method name the router expects.
  static const char* methodName(HTTPMethod method);

  // RequestHandler
  bool canHandle(WebServer& server, HTTPMethod method, const String& uri) override;
  bool canRaw(WebServer& server, const String& uri) override;
  void raw(WebServer& server, const String& uri, HTTPRaw& raw) override;
  bool handle(WebServer& server, HTTPMethod method, const String& uri) override;

 private:
  void refuseAtOnce(WebServer& server, int status, const char* message);

  WebServer& server_;
  EnergyNode& node_;
  SemaphoreHandle_t nodeMutex_;
  const char* secret_;
  NodeClocks clocks_;
  HouseholdSource household_;
  std::string body_;  // at most kMaxOrderBodyBytes + 1 bytes of the current request
};

}  // namespace energy_node
