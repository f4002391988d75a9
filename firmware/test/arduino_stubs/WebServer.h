// Host stand-in for the Arduino core's WebServer library (see README.md).
// HTTPMethod follows 3.x, where it is http_parser's enum.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "Arduino.h"
#include "WiFi.h"

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

class WebServer {
 public:
  typedef std::function<void(void)> THandlerFunction;

  WebServer(int port = 80);
  virtual ~WebServer();

  virtual void begin();
  virtual void handleClient();
  void onNotFound(THandlerFunction fn);

  String uri() const;
  HTTPMethod method() const;
  String arg(const String& name) const;
  bool hasArg(const String& name) const;
  void collectHeaders(const char* headerKeys[], const size_t headerKeysCount);
  String header(const String& name) const;
  bool hasHeader(const String& name) const;

  void send(int code, const char* content_type = nullptr, const String& content = String(""));
  void sendHeader(const String& name, const String& value, bool first = false);

  // ---- stand-in only: a request handled as handleClient() would ----------
  struct StubResponse {
    int code = 0;
    std::string contentType;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
  };
  StubResponse stubRequest(HTTPMethod method, const std::string& uri, const std::string& body,
                           const std::map<std::string, std::string>& headers);
  bool stubStarted() const { return started_; }

 private:
  int port_;
  bool started_ = false;
  THandlerFunction notFound_;
  std::vector<std::string> collected_;
  HTTPMethod method_ = HTTP_GET;
  std::string uri_;
  std::string body_;
  bool hasBody_ = false;
  std::map<std::string, std::string> headers_;
  std::vector<std::pair<std::string, std::string>> pendingHeaders_;
  StubResponse response_;
};
