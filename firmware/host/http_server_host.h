// The emulator's HTTP server: one thread, non-blocking POSIX sockets and
// epoll, keep-alive and pipelining. Requests are parsed by the core parser
// and answered by a handler (the core router behind the node lock).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

#include "../src/core/http_message.h"
#include "../src/core/http_request_parser.h"

namespace energy_node {

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  explicit HttpServer(Handler handler, HttpLimits limits = HttpLimits());
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; `port` 0 takes a free one, see boundPort().
  bool listen(const std::string& host, uint16_t port, std::string& error);
  uint16_t boundPort() const { return boundPort_; }

  // Serves until SIGINT or SIGTERM arrives (read through a signalfd, so the
  // caller must have blocked them) or stop() is called from another thread.
  void run();
  void stop();

 private:
  struct Connection {
    std::string input;
    std::string output;
    size_t outputSent = 0;
    bool closeAfterOutput = false;  // the last answer said Connection: close
    bool peerClosed = false;        // the client sent EOF or the socket failed
    bool lingering = false;         // our side shut down; draining until the client closes
    bool wantsWrite = false;
    std::chrono::steady_clock::time_point lastActivity;
  };

  void acceptConnections();
  void serviceConnection(int fd, Connection& connection, uint32_t events);
  void readAvailable(int fd, Connection& connection);
  void processInput(Connection& connection);
  // Returns false on a send error.
  bool flushOutput(int fd, Connection& connection);
  void updateInterest(int fd, Connection& connection);
  void closeConnection(int fd);
  void closeIdleConnections();

  Handler handler_;
  HttpLimits limits_;
  int listenFd_ = -1;
  int epollFd_ = -1;
  int signalFd_ = -1;
  int wakeFd_ = -1;
  uint16_t boundPort_ = 0;
  std::unordered_map<int, Connection> connections_;
};

}  // namespace energy_node
