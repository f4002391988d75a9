// Serves the core router through the Arduino WebServer: every request goes
// to one handler that copies method, path, body and X-Signature into an
// HttpRequest and sends back the router's answer.
#pragma once

#include <WebServer.h>
#include <freertos/FreeRTOS.h>
#include <freertos/semphr.h>

#include <cstdint>

#include "../core/energy_node.h"
#include "../core/http_message.h"

namespace energy_node {

class NodeWebServer {
 public:
  using Clock = uint64_t (*)();

  NodeWebServer(WebServer& server, EnergyNode& node, SemaphoreHandle_t nodeMutex, const char* secret,
                Clock clock);
  void begin();
  void handleClient();

  // The method name the router expects.
  static const char* methodName(HTTPMethod method);

 private:
  void handleRequest();

  WebServer& server_;
  EnergyNode& node_;
  SemaphoreHandle_t nodeMutex_;
  const char* secret_;
  Clock clock_;
};

}  // namespace energy_node
