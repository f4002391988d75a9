// Parsing requests off the wire, including keep-alive, pipelining and limits.
#include <string>

#include "../../src/core/http_request_parser.h"
#include "../framework/tiny_test.h"

using namespace energy_node;

namespace {

ParseResult parse(const std::string& input, HttpRequest& request) { return parseHttpRequest(input, request); }

int refusalStatus(const std::string& input) {
  HttpRequest request;
  const ParseResult result = parse(input, request);
  return result.status == ParseStatus::Invalid ? result.errorStatus : 0;
}

}  // namespace

TEST(HttpParser, ParsesAGetRequest) {
  HttpRequest request;
  const std::string input = "GET /api/status HTTP/1.1\r\nHost: node\r\n\r\n";
  const ParseResult result = parse(input, request);
  ASSERT_EQ(result.status, ParseStatus::Complete);
  EXPECT_EQ(result.consumed, input.size());
  EXPECT_EQ(request.method, std::string("GET"));
  EXPECT_EQ(request.path, std::string("/api/status"));
  EXPECT_TRUE(request.body.empty());
  EXPECT_TRUE(request.keepAlive);
  EXPECT_FALSE(request.signature.has_value());
}

TEST(HttpParser, ParsesAPostBodyAndTheSignatureHeaderInAnyCase) {
  HttpRequest request;
  const std::string body = "{\"tradeId\":1,\"quantityMilliWh\":5}";
  const std::string input = "POST /api/trades HTTP/1.1\r\ncOnTeNt-LeNgTh: " + std::to_string(body.size()) +
                            "\r\nx-SIGNATURE:   abc123  \r\n\r\n" + body;
  ASSERT_EQ(parse(input, request).status, ParseStatus::Complete);
  EXPECT_EQ(request.body, body);
  ASSERT_TRUE(request.signature.has_value());
  EXPECT_EQ(*request.signature, std::string("abc123"));
}

TEST(HttpParser, ReadsTheNonceHeaderInAnyCase) {
  HttpRequest request;
  ASSERT_EQ(parse("GET /api/trades/1 HTTP/1.1\r\nx-nonce:  00ff00ff00ff00ff \r\n\r\n", request).status,
            ParseStatus::Complete);
  ASSERT_TRUE(request.nonce.has_value());
  EXPECT_EQ(*request.nonce, std::string("00ff00ff00ff00ff"));
  HttpRequest without;
  ASSERT_EQ(parse("GET /api/trades/1 HTTP/1.1\r\n\r\n", without).status, ParseStatus::Complete);
  EXPECT_FALSE(without.nonce.has_value());
  EXPECT_EQ(refusalStatus("GET / HTTP/1.1\r\nX-Nonce: 0123456789abcdef\r\nX-Nonce: 0123456789abcdee\r\n\r\n"), 400);
}

TEST(HttpParser, WaitsForTheWholeHeaderAndBody) {
  const std::string input = "POST /api/trades HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789";
  for (size_t cut = 0; cut < input.size(); ++cut) {
    HttpRequest request;
    EXPECT_EQ(parse(input.substr(0, cut), request).status, ParseStatus::NeedMoreData);
  }
  HttpRequest request;
  EXPECT_EQ(parse(input, request).status, ParseStatus::Complete);
}

TEST(HttpParser, SplitsPipelinedRequests) {
  const std::string first = "GET /api/status HTTP/1.1\r\n\r\n";
  const std::string second = "GET /api/trades/5 HTTP/1.1\r\nConnection: close\r\n\r\n";
  const std::string input = first + second;
  HttpRequest request;
  const ParseResult one = parse(input, request);
  ASSERT_EQ(one.status, ParseStatus::Complete);
  EXPECT_EQ(one.consumed, first.size());
  const ParseResult two = parse(input.substr(one.consumed), request);
  ASSERT_EQ(two.status, ParseStatus::Complete);
  EXPECT_EQ(request.path, std::string("/api/trades/5"));
  EXPECT_FALSE(request.keepAlive);
}

TEST(HttpParser, KeepsConnectionsAliveByVersionAndHeader) {
  HttpRequest request;
  parse("GET / HTTP/1.0\r\n\r\n", request);
  EXPECT_FALSE(request.keepAlive);
  parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", request);
  EXPECT_TRUE(request.keepAlive);
  parse("GET / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n", request);
  EXPECT_FALSE(request.keepAlive);
  parse("GET / HTTP/1.1\r\n\r\n", request);
  EXPECT_TRUE(request.keepAlive);
}

TEST(HttpParser, DropsTheQueryStringAndAcceptsBareLineFeeds) {
  HttpRequest request;
  ASSERT_EQ(parse("\r\nGET /api/status?x=1 HTTP/1.1\nHost: a\n\n", request).status, ParseStatus::Complete);
  EXPECT_EQ(request.path, std::string("/api/status"));
}

TEST(HttpParser, RefusesMalformedRequestsWith400) {
  EXPECT_EQ(refusalStatus("GET\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("GET /  HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("GET http://node/api/status HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("GET / HTTP/2.0\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("G(T / HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("GET / HTTP/1.1\r\nNo colon here\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("GET / HTTP/1.1\r\nA: b\x01\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), 400);
  EXPECT_EQ(refusalStatus("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"), 400);
  EXPECT_EQ(refusalStatus("POST / HTTP/1.1\r\nX-Signature: a\r\nX-Signature: b\r\n\r\n"), 400);
}

TEST(HttpParser, RefusesChunkedBodiesWith411) {
  EXPECT_EQ(refusalStatus("POST /api/trades HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 411);
}

TEST(HttpParser, RefusesOversizedPartsWith413_414_431) {
  EXPECT_EQ(refusalStatus("POST / HTTP/1.1\r\nContent-Length: 1025\r\n\r\n"), 413);
  EXPECT_EQ(refusalStatus("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n"), 413);
  EXPECT_EQ(refusalStatus("GET /" + std::string(3'000, 'a') + " HTTP/1.1\r\n\r\n"), 414);
  EXPECT_EQ(refusalStatus("GET / HTTP/1.1\r\nA: " + std::string(9'000, 'a')), 431);
  std::string manyHeaders = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 70; ++i) manyHeaders += "H" + std::to_string(i) + ": x\r\n";
  EXPECT_EQ(refusalStatus(manyHeaders + "\r\n"), 431);
}
