// The node's HTTP API as a function from request to response:
//   GET  /                        dashboard page
//   GET  /api/status              live figures
//   POST /api/trades              signed order {tradeId, quantityMilliWh, role}
//   GET  /api/trades/{id}         one trade
//   POST /api/trades/{id}/stop    signed {tradeId, reason}: cancel, or the seller's side ended
//   OPTIONS on any of them        CORS preflight
// Requests about a trade must carry X-Nonce; every answer to a request with a
// valid X-Nonce carries X-Signature over the nonce and the body. Every
// refusal is 4xx {"error": "...", "status": N} and leaves the node unchanged.
#pragma once

#include <cstdint>
#include <string_view>

#include "energy_node.h"
#include "http_message.h"
#include "status_json.h"

namespace energy_node {

struct RouteContext {
  EnergyNode& node;
  std::string_view secret;  // HMAC key of orders and answers
  uint64_t nowMs;           // node clock
  uint64_t uptimeMs;        // since this boot
  StatusExtras extras;
};

HttpResponse routeRequest(const HttpRequest& request, RouteContext& context);

// A JSON error with the same CORS headers as every other answer; also used
// by the platforms for requests their parser refuses (unsigned: those never
// reach the router).
HttpResponse errorResponse(int status, std::string_view message);

}  // namespace energy_node
