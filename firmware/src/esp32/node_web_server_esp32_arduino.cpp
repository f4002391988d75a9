#include "node_web_server_esp32_arduino.h"

#include "../core/node_router.h"
#include "../core/trade_order.h"

namespace energy_node {

NodeWebServer::NodeWebServer(WebServer& server, EnergyNode& node, SemaphoreHandle_t nodeMutex, const char* secret,
                             NodeClocks clocks, HouseholdSource household)
    : server_(server),
      node_(node),
      nodeMutex_(nodeMutex),
      secret_(secret),
      clocks_(clocks),
      household_(std::move(household)) {}

void NodeWebServer::begin() {
  static const char* kCollectedHeaders[] = {"X-Signature", "X-Nonce"};
  server_.collectHeaders(kCollectedHeaders, 2);
  // One handler for everything: the core router decides, 404s included.
  server_.addHandler(this);
  server_.begin();
}

void NodeWebServer::handleClient() { server_.handleClient(); }

const char* NodeWebServer::methodName(HTTPMethod method) {
  switch (method) {
    case HTTP_GET: return "GET";
    case HTTP_POST: return "POST";
    case HTTP_OPTIONS: return "OPTIONS";
    case HTTP_PUT: return "PUT";
    case HTTP_DELETE: return "DELETE";
    case HTTP_PATCH: return "PATCH";
    case HTTP_HEAD: return "HEAD";
    default: return "UNSUPPORTED";
  }
}

bool NodeWebServer::canHandle(WebServer&, HTTPMethod, const String&) { return true; }

// Every body goes through raw(): the WebServer's other path reads a whole
// body of any announced length into the heap first.
bool NodeWebServer::canRaw(WebServer&, const String&) { return true; }

void NodeWebServer::refuseAtOnce(WebServer& server, int status, const char* message) {
  const HttpResponse refusal = errorResponse(status, message);
  for (const auto& header : refusal.headers) server.sendHeader(header.first.c_str(), header.second.c_str());
  server.send(refusal.status, refusal.contentType.c_str(), String(refusal.body.c_str()));
  // The unread body stays unread: with the client gone, the WebServer stops
  // reading it (RAW_ABORTED) and never calls handle().
  server.client().stop();
}

void NodeWebServer::raw(WebServer& server, const String&, HTTPRaw& raw) {
  switch (raw.status) {
    case RAW_START:
      body_.clear();
      if (server.clientContentLength() < 0 || size_t(server.clientContentLength()) > kMaxDrainedBodyBytes) {
        refuseAtOnce(server, 413, "body is far larger than an order; refused unread");
      }
      break;
    case RAW_WRITE: {
      // One byte past the cap is enough for the router to refuse it (413).
      const size_t room = kMaxOrderBodyBytes + 1 - body_.size();
      body_.append(reinterpret_cast<const char*>(raw.buf), raw.currentSize < room ? raw.currentSize : room);
      break;
    }
    case RAW_END:
    case RAW_ABORTED:
      break;
  }
}

bool NodeWebServer::handle(WebServer& server, HTTPMethod method, const String& uri) {
  HttpRequest request;
  request.method = methodName(method);
  request.path = uri.c_str();
  if (method == HTTP_POST || method == HTTP_PUT || method == HTTP_PATCH || method == HTTP_DELETE) {
    request.body.swap(body_);
  }
  body_.clear();
  if (server.hasHeader("X-Signature")) request.signature = std::string(server.header("X-Signature").c_str());
  if (server.hasHeader("X-Nonce")) request.nonce = std::string(server.header("X-Nonce").c_str());

  HttpResponse response;
  xSemaphoreTake(nodeMutex_, portMAX_DELAY);
  {
    RouteContext context{node_, secret_, clocks_.nodeMs(), clocks_.uptimeMs(), {}};
    if (household_) context.extras.household = household_();
    response = routeRequest(request, context);
  }
  xSemaphoreGive(nodeMutex_);

  for (const auto& header : response.headers) server.sendHeader(header.first.c_str(), header.second.c_str());
  server.send(response.status, response.contentType.c_str(),
              String(response.body.c_str(), unsigned(response.body.size())));
  return true;
}

}  // namespace energy_node
