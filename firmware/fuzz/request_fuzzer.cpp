// libFuzzer target: bytes off the wire -> request parser -> router -> node,
// as the emulator's server runs them, pipelined requests included. Built
// with -fsanitize=fuzzer,address,undefined (make fuzz).
//
// An HMAC cannot be guessed, so a request whose X-Signature is the word
// "fuzz-sign" gets the real signature of its body; that lets the fuzzer reach
// the order and stop parsers and the trade queue behind the signature check.
// Each answer must be signed exactly when the request had a valid X-Nonce.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "../src/core/energy_node.h"
#include "../src/core/hmac_sha256.h"
#include "../src/core/http_request_parser.h"
#include "../src/core/http_response_writer.h"
#include "../src/core/node_router.h"
#include "../src/core/signature.h"

using namespace energy_node;

namespace {

constexpr std::string_view kSecret = "fuzz-node-secret";

class NoRelay : public RelaySwitch {
 public:
  void connect(LineConnection) override {}
};

std::string hexSignature(const std::string& body) {
  static const char kDigits[] = "0123456789abcdef";
  Sha256Digest mac{};
  hmacSha256(reinterpret_cast<const uint8_t*>(kSecret.data()), kSecret.size(),
             reinterpret_cast<const uint8_t*>(body.data()), body.size(), mac);
  std::string hex;
  for (uint8_t byte : mac) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0xF]);
  }
  return hex;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  NodeConfig config;
  config.maxQueuedTrades = 4;
  config.maxRememberedTrades = 4;
  NoRelay relay;
  NullNodeStore store;
  EnergyNode node(config, relay, store);

  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string wire;
  uint64_t nowMs = 0;
  while (!input.empty()) {
    HttpRequest request;
    const ParseResult parsed = parseHttpRequest(input, request);
    if (parsed.status == ParseStatus::NeedMoreData) break;
    if (parsed.status == ParseStatus::Invalid) {
      if (parsed.errorStatus < 400 || parsed.errorStatus > 499) __builtin_trap();
      appendHttpResponse(wire, errorResponse(parsed.errorStatus, parsed.error), false);
      break;
    }
    if (parsed.consumed == 0 || parsed.consumed > input.size()) __builtin_trap();
    input.remove_prefix(parsed.consumed);

    if (request.signature && *request.signature == "fuzz-sign") request.signature = hexSignature(request.body);
    RouteContext context{node, kSecret, nowMs, nowMs, {}};
    const HttpResponse response = routeRequest(request, context);
    if (response.status < 200 || response.status > 499) __builtin_trap();
    // An answer to a valid nonce is always signed, refusals included.
    bool signedAnswer = false;
    for (const auto& header : response.headers) signedAnswer |= header.first == "X-Signature";
    if ((checkNonce(request.nonce) == NonceCheck::Valid) != signedAnswer) __builtin_trap();
    appendHttpResponse(wire, response, request.keepAlive);

    // Let trades move between requests: a few samples of 60 W, flowing out
    // while exporting and in while importing.
    for (int i = 0; i < 3; ++i) {
      nowMs += config.samplePeriodMs;
      const LineConnection connection = node.connection();
      const int32_t milliAmps =
          connection == LineConnection::Export ? 5'000 : connection == LineConnection::Import ? -5'000 : 0;
      node.sample(nowMs, SensorReading{12'000, milliAmps});
    }
    if (!request.keepAlive) break;
  }
  return 0;
}
