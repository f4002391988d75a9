// Behind WebServer.h: requests are handed in by the test, not read off a socket.
#include <cctype>

#include "../WebServer.h"
#include "../stub_control.h"

namespace {

WebServer* lastStarted = nullptr;

std::string lower(std::string text) {
  for (char& c : text) c = char(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

WebServer* arduino_stub::lastStartedWebServer() { return lastStarted; }

WebServer::WebServer(int port) : port_(port) {}
WebServer::~WebServer() {
  if (lastStarted == this) lastStarted = nullptr;
}

void WebServer::begin() {
  started_ = true;
  lastStarted = this;
}
void WebServer::handleClient() {}
void WebServer::onNotFound(THandlerFunction fn) { notFound_ = std::move(fn); }

String WebServer::uri() const { return String(uri_); }
HTTPMethod WebServer::method() const { return method_; }

// Like the real server: a body that is not a form is the argument "plain".
String WebServer::arg(const String& name) const {
  return (hasBody_ && std::string(name.c_str()) == "plain") ? String(body_) : String("");
}
bool WebServer::hasArg(const String& name) const { return hasBody_ && std::string(name.c_str()) == "plain"; }

void WebServer::collectHeaders(const char* headerKeys[], const size_t headerKeysCount) {
  collected_.clear();
  for (size_t i = 0; i < headerKeysCount; ++i) collected_.push_back(lower(headerKeys[i]));
}

// Only collected headers are visible, as on the real server.
String WebServer::header(const String& name) const {
  const auto found = headers_.find(lower(name.c_str()));
  return found == headers_.end() ? String("") : String(found->second);
}
bool WebServer::hasHeader(const String& name) const { return headers_.count(lower(name.c_str())) > 0; }

void WebServer::sendHeader(const String& name, const String& value, bool) {
  pendingHeaders_.emplace_back(name.c_str(), value.c_str());
}

void WebServer::send(int code, const char* content_type, const String& content) {
  response_.code = code;
  response_.contentType = content_type != nullptr ? content_type : "";
  response_.body = content.c_str();
  response_.headers = pendingHeaders_;
  pendingHeaders_.clear();
}

WebServer::StubResponse WebServer::stubRequest(HTTPMethod method, const std::string& uri, const std::string& body,
                                               const std::map<std::string, std::string>& headers) {
  method_ = method;
  uri_ = uri;
  body_ = body;
  hasBody_ = !body.empty();
  headers_.clear();
  for (const auto& entry : headers) {
    const std::string key = lower(entry.first);
    for (const std::string& wanted : collected_) {
      if (wanted == key) headers_[key] = entry.second;
    }
  }
  response_ = StubResponse();
  if (notFound_) notFound_();
  return response_;
}
