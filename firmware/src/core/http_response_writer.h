// Turns a response into HTTP/1.1 bytes for the host server.
#pragma once

#include <string>

#include "http_message.h"

namespace energy_node {

void appendHttpResponse(std::string& out, const HttpResponse& response, bool keepAlive);

}  // namespace energy_node
