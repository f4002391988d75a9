#include "http_response_writer.h"

#include "json_writer.h"

namespace energy_node {

void appendHttpResponse(std::string& out, const HttpResponse& response, bool keepAlive) {
  out += "HTTP/1.1 ";
  appendUnsigned(out, uint64_t(response.status));
  out.push_back(' ');
  out += httpReasonPhrase(response.status);
  out += "\r\n";
  for (const auto& header : response.headers) {
    out += header.first;
    out += ": ";
    out += header.second;
    out += "\r\n";
  }
  if (response.status != 204) {
    out += "Content-Type: ";
    out += response.contentType;
    out += "\r\nContent-Length: ";
    appendUnsigned(out, response.body.size());
    out += "\r\n";
  }
  out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  if (response.status != 204) out += response.body;
}

}  // namespace energy_node
