#include "http_request_parser.h"

#include <algorithm>

namespace energy_node {
namespace {

ParseResult invalid(int status, std::string error) {
  ParseResult result;
  result.status = ParseStatus::Invalid;
  result.errorStatus = status;
  result.error = std::move(error);
  return result;
}

bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
  }
  return true;
}

std::string_view trimOptionalWhitespace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Finds the blank line ending the header section; accepts CRLF or bare LF.
// Returns the offset just past it, or npos.
size_t findHeaderEnd(std::string_view input, size_t searchLimit) {
  const size_t limit = std::min(input.size(), searchLimit);
  for (size_t i = 0; i < limit; ++i) {
    if (input[i] != '\n') continue;
    if (i + 1 < input.size() && input[i + 1] == '\n') return i + 2;
    if (i + 2 < input.size() && input[i + 1] == '\r' && input[i + 2] == '\n') return i + 3;
  }
  return std::string_view::npos;
}

// Splits off the next line (without its CRLF/LF) from `rest`.
std::string_view takeLine(std::string_view& rest) {
  const size_t newline = rest.find('\n');
  std::string_view line = rest.substr(0, newline);
  rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Digits only. A value past `ceiling` is reported as ceiling + 1: the caller
// only needs to know it is too large, and size_t is 32 bits on the ESP32.
bool parseContentLength(std::string_view text, size_t ceiling, size_t& value) {
  if (text.empty()) return false;
  size_t parsed = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    if (parsed <= ceiling) parsed = parsed * 10 + size_t(c - '0');
  }
  value = std::min(parsed, ceiling + 1);
  return true;
}

// Applies a Connection header's comma-separated options.
void applyConnectionOptions(std::string_view value, bool& sawClose, bool& sawKeepAlive) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    const std::string_view option = trimOptionalWhitespace(value.substr(0, comma));
    if (equalsIgnoreCase(option, "close")) sawClose = true;
    if (equalsIgnoreCase(option, "keep-alive")) sawKeepAlive = true;
    value.remove_prefix(comma == std::string_view::npos ? value.size() : comma + 1);
  }
}

}  // namespace

ParseResult parseHttpRequest(std::string_view input, HttpRequest& request,
                             const HttpLimits& limits) {
  // Tolerate blank lines before a request (RFC 9112, section 2.2).
  size_t leading = 0;
  while (leading < input.size() && (input[leading] == '\r' || input[leading] == '\n')) {
    ++leading;
  }
  if (leading > limits.maxHeaderBytes) {
    return invalid(400, "request line expected");
  }
  const std::string_view message = input.substr(leading);

  const size_t headerEnd = findHeaderEnd(message, limits.maxHeaderBytes);
  if (headerEnd == std::string_view::npos) {
    if (message.size() >= limits.maxHeaderBytes) {
      return invalid(431, "request line and headers exceed " +
                              std::to_string(limits.maxHeaderBytes) + " bytes");
    }
    return ParseResult();  // NeedMoreData
  }

  std::string_view rest = message.substr(0, headerEnd);
  const std::string_view requestLine = takeLine(rest);

  // METHOD SP request-target SP HTTP-version
  const size_t firstSpace = requestLine.find(' ');
  const size_t secondSpace =
      firstSpace == std::string_view::npos ? firstSpace : requestLine.find(' ', firstSpace + 1);
  if (secondSpace == std::string_view::npos ||
      requestLine.find(' ', secondSpace + 1) != std::string_view::npos) {
    return invalid(400, "malformed request line");
  }
  const std::string_view method = requestLine.substr(0, firstSpace);
  const std::string_view target = requestLine.substr(firstSpace + 1, secondSpace - firstSpace - 1);
  const std::string_view version = requestLine.substr(secondSpace + 1);

  if (method.empty() || method.size() > 16) return invalid(400, "malformed method");
  for (const char c : method) {
    if (!isTokenChar(c)) return invalid(400, "malformed method");
  }
  if (target.empty() || target.front() != '/') {
    return invalid(400, "request target must be a path starting with '/'");
  }
  if (target.size() > limits.maxTargetBytes) return invalid(414, "request target is too long");
  for (const char c : target) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return invalid(400, "malformed request target");
  }
  bool http10;
  if (version == "HTTP/1.1") {
    http10 = false;
  } else if (version == "HTTP/1.0") {
    http10 = true;
  } else {
    return invalid(400, "only HTTP/1.0 and HTTP/1.1 are spoken here");
  }

  bool hasContentLength = false;
  size_t contentLength = 0;
  bool sawClose = false;
  bool sawKeepAlive = false;
  std::optional<std::string> signature;
  std::optional<std::string> nonce;
  size_t headerCount = 0;

  while (!rest.empty()) {
    const std::string_view line = takeLine(rest);
    if (line.empty()) break;  // the blank line
    if (++headerCount > limits.maxHeaderCount) {
      return invalid(431, "more than " + std::to_string(limits.maxHeaderCount) + " headers");
    }
    if (line.front() == ' ' || line.front() == '\t') {
      return invalid(400, "folded header lines are not accepted");
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return invalid(400, "malformed header");
    const std::string_view name = line.substr(0, colon);
    for (const char c : name) {
      if (!isTokenChar(c)) return invalid(400, "malformed header name");
    }
    const std::string_view value = trimOptionalWhitespace(line.substr(colon + 1));
    for (const char c : value) {
      const auto byte = static_cast<unsigned char>(c);
      if ((byte < 0x20 && c != '\t') || byte == 0x7F) {
        return invalid(400, "control character in header value");
      }
    }

    if (equalsIgnoreCase(name, "content-length")) {
      size_t parsed;
      if (!parseContentLength(value, limits.maxBodyBytes, parsed)) {
        return invalid(400, "malformed Content-Length");
      }
      if (hasContentLength && parsed != contentLength) {
        return invalid(400, "conflicting Content-Length headers");
      }
      hasContentLength = true;
      contentLength = parsed;
    } else if (equalsIgnoreCase(name, "transfer-encoding")) {
      return invalid(411, "send the body with Content-Length; Transfer-Encoding is not accepted");
    } else if (equalsIgnoreCase(name, "connection")) {
      applyConnectionOptions(value, sawClose, sawKeepAlive);
    } else if (equalsIgnoreCase(name, "x-signature")) {
      if (signature && *signature != value) return invalid(400, "more than one X-Signature");
      signature = std::string(value);
    } else if (equalsIgnoreCase(name, "x-nonce")) {
      if (nonce && *nonce != value) return invalid(400, "more than one X-Nonce");
      nonce = std::string(value);
    }
  }

  if (contentLength > limits.maxBodyBytes) {
    return invalid(413, "body exceeds " + std::to_string(limits.maxBodyBytes) + " bytes");
  }
  if (message.size() - headerEnd < contentLength) return ParseResult();  // NeedMoreData

  const size_t query = target.find('?');
  request.method.assign(method.data(), method.size());
  request.path.assign(target.data(), query == std::string_view::npos ? target.size() : query);
  request.body.assign(message.data() + headerEnd, contentLength);
  request.signature = std::move(signature);
  request.nonce = std::move(nonce);
  request.keepAlive = http10 ? (sawKeepAlive && !sawClose) : !sawClose;

  ParseResult result;
  result.status = ParseStatus::Complete;
  result.consumed = leading + headerEnd + contentLength;
  return result;
}

}  // namespace energy_node
