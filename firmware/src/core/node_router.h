// The node's HTTP API as a function from request to response:
//   GET  /                  dashboard page
//   GET  /api/status        live figures
//   POST /api/trades        signed order {tradeId, quantityMilliWh}
//   GET  /api/trades/{id}   one trade
//   OPTIONS on any of them  CORS preflight
// Every answer carries CORS headers; every refusal is 4xx {"error": "..."}
// and leaves the node unchanged.
#pragma once

#include <cstdint>
#include <string_view>

#include "energy_node.h"
#include "http_message.h"
#include "status_json.h"

namespace energy_node {

struct RouteContext {
  EnergyNode& node;
  std::string_view secret;  // HMAC key of trade orders
  uint64_t nowMs;           // node clock, for uptime
  StatusExtras extras;
};

HttpResponse routeRequest(const HttpRequest& request, RouteContext& context);

// A JSON error with the same CORS headers as every other answer; also used
// by the host server for requests its parser refuses.
HttpResponse errorResponse(int status, std::string_view message);

}  // namespace energy_node
