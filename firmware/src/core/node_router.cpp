#include "node_router.h"

#include <string>

#include "dashboard_page.h"
#include "energy_units.h"
#include "json_writer.h"
#include "signature.h"
#include "trade_order.h"

namespace energy_node {
namespace {

constexpr std::string_view kTradesPath = "/api/trades";
constexpr std::string_view kTradePathPrefix = "/api/trades/";

void addCommonHeaders(HttpResponse& response) {
  // The dApp reads status from another origin; nothing here depends on cookies.
  response.addHeader("Access-Control-Allow-Origin", "*");
  response.addHeader("Cache-Control", "no-store");
}

HttpResponse jsonResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  addCommonHeaders(response);
  return response;
}

HttpResponse preflightResponse(const char* allowedMethods) {
  HttpResponse response;
  response.status = 204;
  addCommonHeaders(response);
  response.addHeader("Access-Control-Allow-Methods", allowedMethods);
  response.addHeader("Access-Control-Allow-Headers", "Content-Type, X-Signature");
  response.addHeader("Access-Control-Max-Age", "600");
  return response;
}

HttpResponse methodNotAllowed(const HttpRequest& request, const char* allowedMethods) {
  HttpResponse response = errorResponse(
      405, request.method + " is not allowed here; use " + allowedMethods);
  response.addHeader("Allow", allowedMethods);
  return response;
}

HttpResponse tradeResponse(int status, const Trade& trade) {
  std::string body;
  appendTradeJson(body, trade);
  return jsonResponse(status, std::move(body));
}

// Canonical decimal (no sign, no leading zeros) within the JSON-safe range.
bool parseTradeId(std::string_view text, uint64_t& id) {
  if (text.empty() || text.size() > 16) return false;
  if (text.size() > 1 && text.front() == '0') return false;
  uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + uint64_t(c - '0');
  }
  if (value > kMaxJsonSafeInteger) return false;
  id = value;
  return true;
}

HttpResponse dashboardResponse() {
  HttpResponse response;
  response.contentType = "text/html; charset=utf-8";
  response.body = std::string(dashboardPage());
  addCommonHeaders(response);
  // Everything is inline; forbid any other source so the page works offline
  // and nothing injected could load from elsewhere.
  response.addHeader("Content-Security-Policy",
                     "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                     "connect-src 'self'; img-src data:");
  response.addHeader("X-Content-Type-Options", "nosniff");
  return response;
}

HttpResponse statusResponse(RouteContext& context) {
  return jsonResponse(200, statusJson(context.node.status(), context.nowMs,
                                      context.node.config().samplePeriodMs, context.extras));
}

HttpResponse submitOrder(const HttpRequest& request, RouteContext& context) {
  // Size first: cheap, and an oversized body is never hashed.
  if (request.body.size() > kMaxOrderBodyBytes) {
    return errorResponse(400, "body is larger than " + std::to_string(kMaxOrderBodyBytes) + " bytes");
  }
  std::string_view signature;
  if (request.signature) signature = *request.signature;
  const SignatureCheck check = verifyBodySignature(
      context.secret, request.body, request.signature ? &signature : nullptr);
  if (check != SignatureCheck::Valid) return errorResponse(401, signatureCheckMessage(check));

  TradeOrder order;
  std::string error;
  if (!parseTradeOrder(request.body, context.node.config().maxQuantityMilliWh, order, error)) {
    return errorResponse(400, error);
  }

  const OrderResult result = context.node.submitOrder(order.tradeId, order.quantityMilliWh);
  switch (result.outcome) {
    case OrderOutcome::Accepted:
      return tradeResponse(202, *result.trade);
    case OrderOutcome::Replayed: {
      HttpResponse response = tradeResponse(202, *result.trade);
      response.addHeader("Idempotent-Replayed", "true");
      return response;
    }
    case OrderOutcome::Conflict: {
      std::string body = "{\"error\":";
      appendJsonString(body, "trade " + std::to_string(order.tradeId) +
                                 " is already known with quantityMilliWh " +
                                 std::to_string(result.trade->quantityMilliWh) +
                                 "; this order says " + std::to_string(order.quantityMilliWh));
      body += ",\"trade\":";
      appendTradeJson(body, *result.trade);
      body.push_back('}');
      return jsonResponse(409, std::move(body));
    }
    case OrderOutcome::Forgotten:
      return errorResponse(410, "trade " + std::to_string(order.tradeId) +
                                    " is older than the trades this node remembers; it may "
                                    "have been delivered already, so it is refused");
    case OrderOutcome::QueueFull: {
      HttpResponse response = errorResponse(
          429, "the trade queue is full (" +
                   std::to_string(context.node.config().maxQueuedTrades) + " waiting); retry later");
      response.addHeader("Retry-After", "5");
      return response;
    }
  }
  return errorResponse(400, "order refused");
}

HttpResponse getTrade(std::string_view idText, RouteContext& context) {
  uint64_t id;
  if (!parseTradeId(idText, id)) {
    return errorResponse(400, "trade id must be a decimal integer from 0 to " +
                                  std::to_string(kMaxJsonSafeInteger));
  }
  const std::optional<Trade> trade = context.node.findTrade(id);
  if (!trade) return errorResponse(404, "no trade " + std::to_string(id) + " on this node");
  return tradeResponse(200, *trade);
}

}  // namespace

HttpResponse errorResponse(int status, std::string_view message) {
  return jsonResponse(status, errorJson(message));
}

HttpResponse routeRequest(const HttpRequest& request, RouteContext& context) {
  const std::string& path = request.path;
  const std::string& method = request.method;
  const bool isGet = method == "GET";
  const bool isOptions = method == "OPTIONS";

  if (path == "/") {
    if (isGet) return dashboardResponse();
    if (isOptions) return preflightResponse("GET, OPTIONS");
    return methodNotAllowed(request, "GET, OPTIONS");
  }
  if (path == "/api/status") {
    if (isGet) return statusResponse(context);
    if (isOptions) return preflightResponse("GET, OPTIONS");
    return methodNotAllowed(request, "GET, OPTIONS");
  }
  if (path == kTradesPath) {
    if (method == "POST") return submitOrder(request, context);
    if (isOptions) return preflightResponse("POST, OPTIONS");
    return methodNotAllowed(request, "POST, OPTIONS");
  }
  if (path.compare(0, kTradePathPrefix.size(), kTradePathPrefix) == 0) {
    if (isGet) return getTrade(std::string_view(path).substr(kTradePathPrefix.size()), context);
    if (isOptions) return preflightResponse("GET, OPTIONS");
    return methodNotAllowed(request, "GET, OPTIONS");
  }
  return errorResponse(404, "no such resource; try GET /, /api/status, /api/trades/{id} or POST /api/trades");
}

}  // namespace energy_node
