// A request as the router sees it and the response it gives back. The host
// server fills HttpRequest from its own parser; on the ESP32 the Arduino
// WebServer parses and the adapter copies the few fields over.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace energy_node {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // without the query
  std::string body;
  std::optional<std::string> signature;  // X-Signature
  std::optional<std::string> nonce;      // X-Nonce
  bool keepAlive = true;
};

struct HttpResponse {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type/Length

  void addHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

const char* httpReasonPhrase(int status);

}  // namespace energy_node
