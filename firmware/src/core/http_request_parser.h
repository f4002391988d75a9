// Parses one HTTP/1.x request from the front of a byte buffer: the host
// server's parser and the fuzzer's target. Handles keep-alive and pipelined
// requests (`consumed` says where the next one begins).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http_message.h"

namespace energy_node {

struct HttpLimits {
  size_t maxHeaderBytes = 8192;  // request line and headers
  size_t maxBodyBytes = 1024;
  size_t maxHeaderCount = 64;
  size_t maxTargetBytes = 2048;
};

enum class ParseStatus { Complete, NeedMoreData, Invalid };

struct ParseResult {
  ParseStatus status = ParseStatus::NeedMoreData;
  size_t consumed = 0;    // bytes of the request, when Complete
  int errorStatus = 0;    // 4xx to answer with (then close), when Invalid
  std::string error;
};

ParseResult parseHttpRequest(std::string_view input, HttpRequest& request,
                             const HttpLimits& limits = HttpLimits());

}  // namespace energy_node
