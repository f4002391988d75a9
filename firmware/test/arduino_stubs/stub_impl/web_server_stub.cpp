// Behind WebServer.h and NetworkClient.h: requests are handed in by the
// test, not read off a socket, and go through _parseRequest's steps.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "../WebServer.h"
#include "../stub_control.h"

namespace {

WebServer* lastStarted = nullptr;

std::string lower(std::string text) {
  for (char& c : text) c = char(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool takesBody(HTTPMethod method) {
  return method == HTTP_POST || method == HTTP_PUT || method == HTTP_PATCH || method == HTTP_DELETE;
}

}  // namespace

size_t NetworkClient::write(uint8_t data) { return write(&data, 1); }
size_t NetworkClient::write(const uint8_t* buf, size_t size) {
  if (stubStopped) return 0;
  stubWritten.append(reinterpret_cast<const char*>(buf), size);
  return size;
}
void NetworkClient::stop() { stubStopped = true; }
uint8_t NetworkClient::connected() { return stubStopped ? 0 : 1; }

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
void WebServer::close() { started_ = false; }
void WebServer::stop() { close(); }

void WebServer::addHandler(RequestHandler* handler) {
  if (lastHandler_ == nullptr) {
    firstHandler_ = handler;
  } else {
    lastHandler_->next(handler);
  }
  lastHandler_ = handler;
}
void WebServer::onNotFound(THandlerFunction fn) { notFound_ = std::move(fn); }

// Like the real server: a body that is not a form and went to no raw handler
// is the argument "plain".
String WebServer::arg(const String& name) const {
  return (hasPlain_ && std::strcmp(name.c_str(), "plain") == 0) ? String(plainBody_.c_str(), unsigned(plainBody_.size()))
                                                                 : String("");
}
bool WebServer::hasArg(const String& name) const { return hasPlain_ && std::strcmp(name.c_str(), "plain") == 0; }

void WebServer::collectHeaders(const char* headerKeys[], const size_t headerKeysCount) {
  collected_.clear();
  for (size_t i = 0; i < headerKeysCount; ++i) collected_.push_back(lower(headerKeys[i]));
}

// Only collected headers are visible, as on the real server.
String WebServer::header(const String& name) const {
  const auto found = headers_.find(lower(name.c_str()));
  return found == headers_.end() ? String("") : String(found->second.c_str());
}
bool WebServer::hasHeader(const String& name) const { return headers_.count(lower(name.c_str())) > 0; }

void WebServer::sendHeader(const String& name, const String& value, bool) {
  pendingHeaders_.emplace_back(name.c_str(), value.c_str());
}

void WebServer::send(int code, const char* content_type, const String& content) {
  response_.code = code;
  response_.contentType = content_type != nullptr ? content_type : "";
  response_.body = std::string(content.c_str(), content.length());
  response_.headers = pendingHeaders_;
  pendingHeaders_.clear();
}

WebServer::StubResponse WebServer::stubRequest(HTTPMethod method, const std::string& uri, const std::string& body,
                                               const std::map<std::string, std::string>& headers,
                                               long contentLength) {
  currentMethod_ = method;
  currentUri_ = uri;
  plainBody_.clear();
  hasPlain_ = false;
  clientContentLength_ = int(contentLength >= 0 ? contentLength : long(body.size()));
  currentClient_ = NetworkClient();
  headers_.clear();
  for (const auto& entry : headers) {
    const std::string key = lower(entry.first);
    for (const std::string& wanted : collected_) {
      if (wanted == key) headers_[key] = entry.second;
    }
  }
  response_ = StubResponse();

  RequestHandler* handler = firstHandler_;
  while (handler != nullptr && !handler->canHandle(*this, method, String(uri.c_str()))) handler = handler->next();

  bool parsed = true;
  if (takesBody(method) && handler != nullptr && handler->canRaw(*this, String(uri.c_str()))) {
    // Parsing.cpp: the body in HTTP_RAW_BUFLEN chunks, never whole in memory.
    std::unique_ptr<HTTPRaw> raw(new HTTPRaw());
    raw->status = RAW_START;
    raw->totalSize = 0;
    raw->currentSize = 0;
    handler->raw(*this, String(uri.c_str()), *raw);
    raw->status = RAW_WRITE;
    while (raw->totalSize < size_t(clientContentLength_)) {
      const size_t wanted = std::min(size_t(clientContentLength_) - raw->totalSize, size_t(HTTP_RAW_BUFLEN));
      const size_t available = currentClient_.stubStopped || raw->totalSize >= body.size()
                                   ? 0
                                   : std::min(wanted, body.size() - raw->totalSize);
      std::memcpy(raw->buf, body.data() + raw->totalSize, available);
      raw->currentSize = available;
      raw->totalSize += available;
      largestChunk_ = std::max(largestChunk_, available);
      if (available == 0) {
        raw->status = RAW_ABORTED;
        handler->raw(*this, String(uri.c_str()), *raw);
        parsed = false;
        break;
      }
      handler->raw(*this, String(uri.c_str()), *raw);
    }
    if (parsed) {
      raw->status = RAW_END;
      handler->raw(*this, String(uri.c_str()), *raw);
    }
  } else if (takesBody(method) && clientContentLength_ > 0) {
    plainBody_ = body;
    hasPlain_ = true;
  }

  if (parsed) {
    if (handler != nullptr) {
      handler->handle(*this, method, String(uri.c_str()));
    } else if (notFound_) {
      notFound_();
    }
  }
  response_.clientStopped = currentClient_.stubStopped;
  response_.rawWritten = currentClient_.stubWritten;
  return response_;
}
