// Host stand-in for libraries/WebServer (Arduino-ESP32 3.x): HTTP_Method.h
// (http_parser's enum), detail/RequestHandler.h (the new handler API, raw
// bodies included) and the WebServer members the node uses, with the 3.x
// signatures. Requests are handed in by tests (stubRequest) and go through
// the same steps as _parseRequest: headers collected, a body offered to a
// handler's raw() in HTTP_RAW_BUFLEN chunks when it canRaw(), else kept as
// the argument "plain"; see README.md.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "Arduino.h"
#include "NetworkClient.h"
#include "WiFi.h"

// HTTP_Method.h: 3.x takes the method enum from http_parser.
enum http_method {
  HTTP_DELETE = 0,
  HTTP_GET = 1,
  HTTP_HEAD = 2,
  HTTP_POST = 3,
  HTTP_PUT = 4,
  HTTP_CONNECT = 5,
  HTTP_OPTIONS = 6,
  HTTP_TRACE = 7,
  HTTP_PATCH = 28
};
typedef enum http_method HTTPMethod;
#define HTTP_ANY (HTTPMethod)(255)

enum HTTPRawStatus { RAW_START, RAW_WRITE, RAW_END, RAW_ABORTED };

#ifndef HTTP_RAW_BUFLEN
#define HTTP_RAW_BUFLEN 1436
#endif

typedef struct {
  HTTPRawStatus status;
  size_t totalSize;    // content size
  size_t currentSize;  // size of data currently in buf
  uint8_t buf[HTTP_RAW_BUFLEN];
  void* data;  // additional data
} HTTPRaw;

class WebServer;

// detail/RequestHandler.h, new API (the old one and middleware left out).
class RequestHandler {
 public:
  virtual ~RequestHandler() {}
  virtual bool canHandle(WebServer& server, HTTPMethod method, const String& uri) {
    (void)server;
    (void)method;
    (void)uri;
    return false;
  }
  virtual bool canRaw(WebServer& server, const String& uri) {
    (void)server;
    (void)uri;
    return false;
  }
  virtual bool handle(WebServer& server, HTTPMethod requestMethod, const String& requestUri) {
    (void)server;
    (void)requestMethod;
    (void)requestUri;
    return false;
  }
  virtual void raw(WebServer& server, const String& requestUri, HTTPRaw& raw) {
    (void)server;
    (void)requestUri;
    (void)raw;
  }
  RequestHandler* next() { return _next; }
  void next(RequestHandler* r) { _next = r; }

 private:
  RequestHandler* _next = nullptr;
};

class WebServer {
 public:
  typedef std::function<void(void)> THandlerFunction;

  WebServer(int port = 80);
  virtual ~WebServer();

  virtual void begin();
  virtual void handleClient();
  virtual void close();
  void stop();

  void addHandler(RequestHandler* handler);
  void onNotFound(THandlerFunction fn);

  String uri() const { return String(currentUri_.c_str()); }
  HTTPMethod method() const { return currentMethod_; }
  virtual NetworkClient& client() { return currentClient_; }

  String arg(const String& name) const;
  bool hasArg(const String& name) const;
  void collectHeaders(const char* headerKeys[], const size_t headerKeysCount);
  String header(const String& name) const;
  bool hasHeader(const String& name) const;
  int clientContentLength() const { return clientContentLength_; }

  void send(int code, const char* content_type = nullptr, const String& content = String(""));
  void sendHeader(const String& name, const String& value, bool first = false);

  // ---- stand-in only: a request handled as handleClient() would ----------
  struct StubResponse {
    int code = 0;  // 0: no answer (the request was dropped)
    std::string contentType;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool clientStopped = false;
    std::string rawWritten;  // written straight to the client by a handler
  };
  // `contentLength` defaults to the body's size; a larger one models a
  // client that announces more than it sends (it is then cut off).
  StubResponse stubRequest(HTTPMethod method, const std::string& uri, const std::string& body,
                           const std::map<std::string, std::string>& headers, long contentLength = -1);
  bool stubStarted() const { return started_; }
  // The most bytes a handler held of one request body (raw chunks are not kept).
  size_t stubLargestChunk() const { return largestChunk_; }

 private:
  int port_;
  bool started_ = false;
  RequestHandler* firstHandler_ = nullptr;
  RequestHandler* lastHandler_ = nullptr;
  THandlerFunction notFound_;
  std::vector<std::string> collected_;
  HTTPMethod currentMethod_ = HTTP_ANY;
  std::string currentUri_;
  std::string plainBody_;
  bool hasPlain_ = false;
  int clientContentLength_ = 0;
  std::map<std::string, std::string> headers_;
  std::vector<std::pair<std::string, std::string>> pendingHeaders_;
  StubResponse response_;
  NetworkClient currentClient_;
  size_t largestChunk_ = 0;
};
