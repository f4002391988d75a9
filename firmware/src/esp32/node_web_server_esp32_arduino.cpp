#include "node_web_server_esp32_arduino.h"

#include "../core/node_router.h"

namespace energy_node {

NodeWebServer::NodeWebServer(WebServer& server, EnergyNode& node, SemaphoreHandle_t nodeMutex, const char* secret,
                             Clock clock)
    : server_(server), node_(node), nodeMutex_(nodeMutex), secret_(secret), clock_(clock) {}

void NodeWebServer::begin() {
  static const char* kCollectedHeaders[] = {"X-Signature"};
  server_.collectHeaders(kCollectedHeaders, 1);
  // No per-path handlers: the core router decides everything, 404s included.
  server_.onNotFound([this]() { handleRequest(); });
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

void NodeWebServer::handleRequest() {
  HttpRequest request;
  request.method = methodName(server_.method());
  request.path = server_.uri().c_str();
  // WebServer keeps a non-form body as the argument "plain" (send
  // Content-Type: application/json, not a form encoding).
  if (server_.hasArg("plain")) request.body = server_.arg("plain").c_str();
  if (server_.hasHeader("X-Signature")) request.signature = std::string(server_.header("X-Signature").c_str());

  HttpResponse response;
  xSemaphoreTake(nodeMutex_, portMAX_DELAY);
  {
    RouteContext context{node_, secret_, clock_(), {}};
    response = routeRequest(request, context);
  }
  xSemaphoreGive(nodeMutex_);

  for (const auto& header : response.headers) server_.sendHeader(header.first.c_str(), header.second.c_str());
  server_.send(response.status, response.contentType.c_str(), String(response.body.c_str()));
}

}  // namespace energy_node
