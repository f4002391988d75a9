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
constexpr std::string_view kStopSuffix = "/stop";

void addCommonHeaders(HttpResponse& response) {
  // The dApp reads status from another origin; nothing here depends on cookies.
  response.addHeader("Access-Control-Allow-Origin", "*");
  response.addHeader("Access-Control-Expose-Headers", "X-Signature, Retry-After, Idempotent-Replayed");
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
  response.addHeader("Access-Control-Allow-Headers", "Content-Type, X-Signature, X-Nonce");
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

// A refusal that also carries the trade it is about.
HttpResponse tradeRefusal(int status, const std::string& message, const Trade& trade) {
  std::string body = "{\"error\":";
  appendJsonString(body, message);
  body += ",\"status\":";
  appendUnsigned(body, uint64_t(status));
  body += ",\"trade\":";
  appendTradeJson(body, trade);
  body.push_back('}');
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

HttpResponse badTradeId() {
  return errorResponse(400, "trade id must be a decimal integer from 0 to " +
                                std::to_string(kMaxJsonSafeInteger));
}

std::string tradeName(uint64_t id) { return "trade " + std::to_string(id); }

HttpResponse forgottenTrade(uint64_t id) {
  return errorResponse(410, tradeName(id) +
                                " is older than the trades this node remembers; it may have been "
                                "delivered already, so it is refused");
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
  return jsonResponse(200, statusJson(context.node.status(), context.nowMs, context.uptimeMs,
                                      context.node.config().samplePeriodMs, context.extras));
}

// The checks every signed body goes through, cheapest first; an oversized
// body is never hashed. Returns false with the refusal in `refusal`.
bool acceptSignedBody(const HttpRequest& request, RouteContext& context, HttpResponse& refusal) {
  if (request.body.size() > kMaxOrderBodyBytes) {
    refusal = errorResponse(413, "body is larger than " + std::to_string(kMaxOrderBodyBytes) + " bytes");
    return false;
  }
  std::string_view signature;
  if (request.signature) signature = *request.signature;
  const SignatureCheck check = verifyBodySignature(
      context.secret, request.body, request.signature ? &signature : nullptr);
  if (check != SignatureCheck::Valid) {
    refusal = errorResponse(401, signatureCheckMessage(check));
    return false;
  }
  return true;
}

HttpResponse submitOrder(const HttpRequest& request, RouteContext& context) {
  HttpResponse refusal;
  if (!acceptSignedBody(request, context, refusal)) return refusal;

  TradeOrder order;
  std::string error;
  if (!parseTradeOrder(request.body, context.node.config().maxQuantityMilliWh, order, error)) {
    return errorResponse(400, error);
  }

  const OrderResult result = context.node.submitOrder(order.tradeId, order.role, order.quantityMilliWh);
  switch (result.outcome) {
    case OrderOutcome::Accepted:
      return tradeResponse(202, *result.trade);
    case OrderOutcome::Replayed: {
      HttpResponse response = tradeResponse(202, *result.trade);
      response.addHeader("Idempotent-Replayed", "true");
      return response;
    }
    case OrderOutcome::Conflict: {
      const Trade& known = *result.trade;
      return tradeRefusal(409,
                          tradeName(order.tradeId) + " is already " + std::string(tradeStateName(known.state)) +
                              " here as " + std::string(tradeRoleName(known.role)) + " of " +
                              std::to_string(known.quantityMilliWh) + " mWh; this order says " +
                              std::string(tradeRoleName(order.role)) + " of " +
                              std::to_string(order.quantityMilliWh) + " mWh",
                          known);
    }
    case OrderOutcome::Gone: {
      const Trade& known = *result.trade;
      const std::string why = known.stopReason == StopReason::Cancelled
                                  ? " was cancelled; it is not delivered"
                                  : " has ended under a different order; it is not delivered again";
      return tradeRefusal(410, tradeName(order.tradeId) + why, known);
    }
    case OrderOutcome::Forgotten:
      return forgottenTrade(order.tradeId);
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

HttpResponse stopTrade(uint64_t id, const HttpRequest& request, RouteContext& context) {
  HttpResponse refusal;
  if (!acceptSignedBody(request, context, refusal)) return refusal;
  StopOrder order;
  std::string error;
  if (!parseStopOrder(request.body, order, error)) return errorResponse(400, error);
  if (order.tradeId != id) {
    return errorResponse(400, "tradeId " + std::to_string(order.tradeId) +
                                  " in the body is not the trade of the path, " + std::to_string(id));
  }
  const StopResult result = context.node.stopTrade(id, order.command, context.nowMs);
  switch (result.outcome) {
    case StopOutcome::Stopped:
    case StopOutcome::AlreadyFinished:
      return tradeResponse(200, *result.trade);
    case StopOutcome::WrongRole:
      return tradeRefusal(409, tradeName(id) + " is an export on this node; export-ended applies to imports",
                          *result.trade);
    case StopOutcome::NotFound:
      break;
  }
  if (context.node.isForgotten(id)) return forgottenTrade(id);
  return errorResponse(404, "no " + tradeName(id) + " on this node");
}

HttpResponse getTrade(uint64_t id, RouteContext& context) {
  const std::optional<Trade> trade = context.node.findTrade(id);
  if (trade) return tradeResponse(200, *trade);
  // An id the node forgot to make room differs from one it never had.
  if (context.node.isForgotten(id)) return forgottenTrade(id);
  return errorResponse(404, "no " + tradeName(id) + " on this node");
}

// Everything under /api/trades: each request about a trade needs a nonce.
HttpResponse routeTrades(const HttpRequest& request, RouteContext& context) {
  const std::string& path = request.path;
  const bool isOptions = request.method == "OPTIONS";
  std::string_view rest;
  if (path != kTradesPath) rest = std::string_view(path).substr(kTradePathPrefix.size());
  const bool isStop = rest.size() > kStopSuffix.size() &&
                      rest.substr(rest.size() - kStopSuffix.size()) == kStopSuffix;
  if (isStop) rest.remove_suffix(kStopSuffix.size());
  const char* allowed = path == kTradesPath || isStop ? "POST, OPTIONS" : "GET, OPTIONS";

  if (isOptions) return preflightResponse(allowed);
  if (request.method != (path == kTradesPath || isStop ? "POST" : "GET")) {
    return methodNotAllowed(request, allowed);
  }
  uint64_t id = 0;
  if (path != kTradesPath && !parseTradeId(rest, id)) return badTradeId();
  const NonceCheck nonce = checkNonce(request.nonce);
  if (nonce != NonceCheck::Valid) return errorResponse(400, nonceCheckMessage(nonce));

  if (path == kTradesPath) return submitOrder(request, context);
  return isStop ? stopTrade(id, request, context) : getTrade(id, context);
}

HttpResponse route(const HttpRequest& request, RouteContext& context) {
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
  if (path == kTradesPath || path.compare(0, kTradePathPrefix.size(), kTradePathPrefix) == 0) {
    return routeTrades(request, context);
  }
  return errorResponse(404,
                       "no such resource; try GET /, /api/status, /api/trades/{id} or POST /api/trades");
}

}  // namespace

HttpResponse errorResponse(int status, std::string_view message) {
  return jsonResponse(status, errorJson(status, message));
}

HttpResponse routeRequest(const HttpRequest& request, RouteContext& context) {
  HttpResponse response = route(request, context);
  // Signed whenever the client gave a nonce to sign over, refusals included:
  // a forged 404 or 410 could otherwise make a client resend or give up.
  if (checkNonce(request.nonce) == NonceCheck::Valid) {
    const std::string signature = answerSignature(context.secret, *request.nonce, response.body);
    if (!signature.empty()) response.addHeader("X-Signature", signature);
  }
  return response;
}

}  // namespace energy_node
