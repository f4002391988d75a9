// The HTTP API as a function: every route, every refusal, CORS on all.
#include <string>
#include <vector>

#include "../../src/core/json_value.h"
#include "../../src/core/node_router.h"
#include "../framework/tiny_test.h"
#include "../support/hmac_vectors.h"
#include "../support/node_harness.h"

using namespace energy_node;
using namespace energy_node::testing;

namespace {

const std::string kSecret = "router-test-secret";
const std::string kNonce = "00112233445566778899aabbccddeeff";

struct RouterFixture {
  explicit RouterFixture(NodeConfig config = NodeConfig()) : harness(config) {}

  HttpResponse send(const std::string& method, const std::string& path, const std::string& body = "",
                    std::optional<std::string> signature = std::nullopt,
                    std::optional<std::string> nonce = kNonce) {
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.body = body;
    request.signature = std::move(signature);
    request.nonce = std::move(nonce);
    RouteContext context{*harness.node, kSecret, harness.nowMs, harness.nowMs, {}};
    HttpResponse response = routeRequest(request, context);
    responses.push_back(response);
    return response;
  }

  HttpResponse post(const std::string& body, const std::string& path = "/api/trades") {
    return send("POST", path, body, signatureFor(kSecret, body));
  }
  HttpResponse stop(uint64_t id, const std::string& reason) {
    return post("{\"tradeId\":" + std::to_string(id) + ",\"reason\":\"" + reason + "\"}",
                "/api/trades/" + std::to_string(id) + "/stop");
  }

  NodeHarness harness;
  std::vector<HttpResponse> responses;
};

std::string order(uint64_t id, uint64_t quantity, const char* role = nullptr) {
  std::string body = "{\"tradeId\":" + std::to_string(id) + ",\"quantityMilliWh\":" + std::to_string(quantity);
  if (role != nullptr) body += std::string(",\"role\":\"") + role + "\"";
  return body + "}";
}

std::string header(const HttpResponse& response, const std::string& name) {
  for (const auto& entry : response.headers) {
    if (entry.first == name) return entry.second;
  }
  return "";
}

JsonValue json(const HttpResponse& response) {
  JsonValue value;
  std::string error;
  if (!parseJson(response.body, value, error)) tiny_test::recordFailure(__FILE__, __LINE__, error + ": " + response.body);
  return value;
}

uint64_t unsignedField(const JsonValue& object, const char* name) {
  uint64_t value = 0;
  const JsonValue* member = object.member(name);
  if (member == nullptr || !member->asUnsigned(value)) tiny_test::recordFailure(__FILE__, __LINE__, name);
  return value;
}

// A refusal: the status, a JSON {"error": "...", "status": N} body, and no change to the node.
void expectRefusal(RouterFixture& fixture, const HttpResponse& response, int status, const std::string& errorPart) {
  EXPECT_EQ(response.status, status);
  EXPECT_EQ(response.contentType, std::string("application/json"));
  const JsonValue body = json(response);
  const JsonValue* error = body.member("error");
  ASSERT_TRUE(error != nullptr && error->kind == JsonValue::Kind::String);
  EXPECT_EQ(unsignedField(body, "status"), uint64_t(status));
  if (!EXPECT_TRUE(error->text.find(errorPart) != std::string::npos)) {
    tiny_test::recordFailure(__FILE__, __LINE__, "error was: " + error->text);
  }
  (void)fixture;
}

}  // namespace

TEST(Router, ServesStatusWithEverySeamField) {
  RouterFixture fixture;
  fixture.harness.runFor(1'000);
  const HttpResponse response = fixture.send("GET", "/api/status");
  EXPECT_EQ(response.status, 200);
  const JsonValue status = json(response);
  for (const char* field :
       {"voltageV", "currentA", "powerW", "relayClosed", "connection", "energyExportedMilliWh", "energyImportedMilliWh",
        "activeTradeId", "queueLength", "exportBacklogMilliWh", "importBacklogMilliWh", "uptimeMs", "clockMs",
        "activeTrade", "samplePeriodMs", "timeScale", "batterySocPct", "pvPowerW", "loadPowerW", "unmetLoadWh",
        "curtailedWh", "batteryCapacityWh", "pvEnergyWh", "loadEnergyWh"}) {
    if (!EXPECT_TRUE(status.member(field) != nullptr)) tiny_test::recordFailure(__FILE__, __LINE__, field);
  }
  EXPECT_EQ(status.member("activeTradeId")->kind, JsonValue::Kind::Null);
  EXPECT_EQ(status.member("relayClosed")->kind, JsonValue::Kind::Bool);
  EXPECT_EQ(status.member("connection")->text, std::string("open"));
  // The core knows no household: null until a platform fills it in.
  EXPECT_EQ(status.member("batterySocPct")->kind, JsonValue::Kind::Null);
  EXPECT_EQ(status.member("voltageV")->kind, JsonValue::Kind::Fraction);
  EXPECT_EQ(unsignedField(status, "uptimeMs"), uint64_t(1'000));
  EXPECT_TRUE(response.body.find("\"voltageV\":12.800") != std::string::npos);
}

TEST(Router, StatusShowsTheActiveTradeAndItsProgress) {
  RouterFixture fixture;
  fixture.post(order(9, 100));
  fixture.post(order(10, 100));
  fixture.harness.runFor(3'100);  // 60 W for 3 s = 50 mWh of 100
  const JsonValue status = json(fixture.send("GET", "/api/status"));
  EXPECT_EQ(unsignedField(status, "activeTradeId"), uint64_t(9));
  EXPECT_EQ(unsignedField(status, "queueLength"), uint64_t(1));
  EXPECT_TRUE(status.member("relayClosed")->boolean);
  EXPECT_EQ(status.member("connection")->text, std::string("export"));
  EXPECT_EQ(unsignedField(status, "exportBacklogMilliWh"), uint64_t(150));
  const JsonValue* active = status.member("activeTrade");
  ASSERT_TRUE(active != nullptr && active->kind == JsonValue::Kind::Object);
  EXPECT_EQ(active->member("state")->text, std::string("delivering"));
  EXPECT_EQ(unsignedField(*active, "deliveredMilliWh"), uint64_t(50));
  EXPECT_TRUE(fixture.responses.back().body.find("\"progressPct\":50.0") != std::string::npos);
  EXPECT_TRUE(fixture.responses.back().body.find("\"powerW\":60.000") != std::string::npos);
}

TEST(Router, AcceptsASignedOrderWith202AndShowsTheTrade) {
  RouterFixture fixture;
  const HttpResponse response = fixture.post(order(42, 1'500));
  EXPECT_EQ(response.status, 202);
  const JsonValue trade = json(response);
  EXPECT_EQ(unsignedField(trade, "tradeId"), uint64_t(42));
  EXPECT_EQ(trade.member("role")->text, std::string("export"));
  EXPECT_EQ(unsignedField(trade, "quantityMilliWh"), uint64_t(1'500));
  EXPECT_EQ(unsignedField(trade, "restarts"), uint64_t(0));
  EXPECT_EQ(trade.member("state")->text, std::string("queued"));
  EXPECT_EQ(trade.member("startedAtMs")->kind, JsonValue::Kind::Null);
  EXPECT_EQ(trade.member("endedAtMs")->kind, JsonValue::Kind::Null);

  fixture.harness.runUntilFinished(42);
  const JsonValue done = json(fixture.send("GET", "/api/trades/42"));
  EXPECT_EQ(done.member("state")->text, std::string("delivered"));
  EXPECT_TRUE(unsignedField(done, "deliveredMilliWh") >= 1'500);
  EXPECT_TRUE(unsignedField(done, "endedAtMs") > unsignedField(done, "startedAtMs"));
  EXPECT_EQ(done.member("stopReason")->kind, JsonValue::Kind::Null);
}

TEST(Router, ReplayedOrderGetsTheSameAnswer) {
  RouterFixture fixture;
  const HttpResponse first = fixture.post(order(5, 100));
  const HttpResponse again = fixture.post(order(5, 100));
  EXPECT_EQ(again.status, first.status);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(header(again, "Idempotent-Replayed"), std::string("true"));
  EXPECT_EQ(fixture.harness.node->status().queueLength, size_t(1));
}

TEST(Router, RefusesBadBodiesWith400AndChangesNothing) {
  RouterFixture fixture;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"tradeId\":1,", "invalid JSON"},
      {"{\"tradeId\":1}", "missing field \"quantityMilliWh\""},
      {"{\"quantityMilliWh\":5}", "missing field \"tradeId\""},
      {"{\"tradeId\":1.5,\"quantityMilliWh\":5}", "tradeId must be an integer"},
      {"{\"tradeId\":\"1\",\"quantityMilliWh\":5}", "tradeId must be an integer"},
      {"{\"tradeId\":1,\"quantityMilliWh\":0}", "quantityMilliWh must be between 1"},
      {"{\"tradeId\":1,\"quantityMilliWh\":100000000000}", "quantityMilliWh must be between 1"},
      {"{\"tradeId\":9007199254740992,\"quantityMilliWh\":5}", "tradeId must be between"},
      {"{\"tradeId\":1,\"quantityMilliWh\":5,\"x\":1}", "unknown field"},
      {"{\"tradeId\":1,\"quantityMilliWh\":5,\"role\":\"sell\"}", "role must be"},
      {"{\"tradeId\":1,\"quantityMilliWh\":5,\"role\":1}", "role must be"},
      {"{\"tradeId\":1,\"quantityMilliWh\":5,\"role\":\"import\",\"role\":\"import\"}", "duplicate field"},
      {"", "body is empty"},
      {"[]", "must be a JSON object"},
  };
  for (const auto& [body, error] : cases) {
    expectRefusal(fixture, fixture.post(body), 400, error);
  }
  EXPECT_EQ(fixture.harness.node->status().queueLength, size_t(0));
  EXPECT_FALSE(fixture.harness.node->findTrade(1).has_value());
  EXPECT_EQ(fixture.harness.store->ledgerSaves(), 0);
}

TEST(Router, RefusesABodyOverTheCapWith413BeforeHashingIt) {
  RouterFixture fixture;
  const std::string body = order(1, 5) + std::string(300, ' ');
  expectRefusal(fixture, fixture.post(body), 413, "larger than 256 bytes");
  // The signature is not even looked at.
  expectRefusal(fixture, fixture.send("POST", "/api/trades", body), 413, "larger than 256 bytes");
  EXPECT_FALSE(fixture.harness.node->findTrade(1).has_value());
}

TEST(Router, RefusesMissingWrongAndMalformedSignaturesWith401) {
  RouterFixture fixture;
  const std::string body = order(1, 5);
  expectRefusal(fixture, fixture.send("POST", "/api/trades", body), 401, "missing X-Signature");
  expectRefusal(fixture, fixture.send("POST", "/api/trades", body, signatureFor("other-secret", body)), 401,
                "does not match");
  expectRefusal(fixture, fixture.send("POST", "/api/trades", body, signatureFor(kSecret, order(1, 6))), 401,
                "does not match");
  expectRefusal(fixture, fixture.send("POST", "/api/trades", body, signatureFor(kSecret, body).substr(2)), 401,
                "64 hex digits");
  expectRefusal(fixture, fixture.send("POST", "/api/trades", body, "zz" + signatureFor(kSecret, body).substr(2)),
                401, "64 hex digits");
  EXPECT_FALSE(fixture.harness.node->findTrade(1).has_value());
}

TEST(Router, ChecksTheSignatureBeforeReadingTheBody) {
  RouterFixture fixture;
  // An unsigned malformed body is an authentication failure, not a parse error.
  expectRefusal(fixture, fixture.send("POST", "/api/trades", "{not json"), 401, "missing X-Signature");
}

TEST(Router, AnswersUnknownTradesAndPathsWith404) {
  RouterFixture fixture;
  expectRefusal(fixture, fixture.send("GET", "/api/trades/77"), 404, "no trade 77");
  expectRefusal(fixture, fixture.stop(77, "cancelled"), 404, "no trade 77");
  expectRefusal(fixture, fixture.send("GET", "/api/nothing"), 404, "no such resource");
  expectRefusal(fixture, fixture.send("GET", "/api/trades/5/"), 400, "trade id must be");
  expectRefusal(fixture, fixture.send("GET", "/index.html"), 404, "no such resource");
}

TEST(Router, RefusesMalformedTradeIdsInThePathWith400) {
  RouterFixture fixture;
  for (const char* id : {"abc", "-1", "007", "1.5", "", "9007199254740992", "99999999999999999999", "%31"}) {
    expectRefusal(fixture, fixture.send("GET", std::string("/api/trades/") + id), 400, "trade id must be");
  }
  EXPECT_EQ(fixture.send("GET", "/api/trades/0").status, 404);
  EXPECT_EQ(fixture.send("GET", "/api/trades/9007199254740991").status, 404);
}

TEST(Router, RefusesWrongMethodsWith405AndSaysWhichAreAllowed) {
  RouterFixture fixture;
  const HttpResponse onTrades = fixture.send("GET", "/api/trades");
  expectRefusal(fixture, onTrades, 405, "use POST, OPTIONS");
  EXPECT_EQ(header(onTrades, "Allow"), std::string("POST, OPTIONS"));
  expectRefusal(fixture, fixture.send("POST", "/api/status"), 405, "use GET, OPTIONS");
  expectRefusal(fixture, fixture.send("DELETE", "/api/trades/1"), 405, "use GET, OPTIONS");
  expectRefusal(fixture, fixture.send("GET", "/api/trades/1/stop"), 405, "use POST, OPTIONS");
  expectRefusal(fixture, fixture.send("PUT", "/"), 405, "use GET, OPTIONS");
  expectRefusal(fixture, fixture.send("HEAD", "/api/status"), 405, "use GET, OPTIONS");
}

TEST(Router, AnswersADifferentOrderForAWaitingTradeWith409) {
  RouterFixture fixture;
  fixture.post(order(3, 100));
  HttpResponse response = fixture.post(order(3, 200));
  expectRefusal(fixture, response, 409, "already queued here as export of 100 mWh; this order says export of 200");
  const JsonValue body = json(response);
  ASSERT_TRUE(body.member("trade") != nullptr);
  EXPECT_EQ(unsignedField(*body.member("trade"), "quantityMilliWh"), uint64_t(100));
  expectRefusal(fixture, fixture.post(order(3, 100, "import")), 409, "this order says import of 100");
  EXPECT_EQ(fixture.harness.trade(3).quantityMilliWh, uint64_t(100));
  EXPECT_EQ(fixture.harness.trade(3).role, TradeRole::Export);
}

TEST(Router, AnswersAnOrderForAFinishedOrCancelledTradeWith410) {
  RouterFixture fixture;
  fixture.post(order(3, 10));
  fixture.harness.runUntilFinished(3);
  expectRefusal(fixture, fixture.post(order(3, 20)), 410, "has ended under a different order");
  EXPECT_EQ(fixture.post(order(3, 10)).status, 202);  // the same order: a replay

  fixture.post(order(4, 10'000));
  EXPECT_EQ(fixture.stop(4, "cancelled").status, 200);
  expectRefusal(fixture, fixture.post(order(4, 10'000)), 410, "was cancelled");
}

TEST(Router, RefusesForgottenIdsWith410) {
  NodeConfig config;
  config.maxRememberedTrades = 1;
  RouterFixture fixture(config);
  fixture.post(order(1, 5));
  fixture.harness.runUntilFinished(1);
  fixture.post(order(2, 5));
  fixture.harness.runUntilFinished(2);
  expectRefusal(fixture, fixture.post(order(1, 5)), 410, "older than the trades this node remembers");
  expectRefusal(fixture, fixture.send("GET", "/api/trades/1"), 410, "older than the trades this node remembers");
  expectRefusal(fixture, fixture.stop(1, "cancelled"), 410, "older than the trades this node remembers");
}

TEST(Router, TakesAnImportOrderAndEndsItWhenTheSellerSideEnded) {
  RouterFixture fixture;
  EXPECT_EQ(fixture.post(order(8, 1'000, "import")).status, 202);
  fixture.harness.runFor(3'100);
  EXPECT_EQ(json(fixture.send("GET", "/api/status")).member("connection")->text, std::string("import"));
  const HttpResponse ended = fixture.stop(8, "export-ended");
  EXPECT_EQ(ended.status, 200);
  const JsonValue trade = json(ended);
  EXPECT_EQ(trade.member("role")->text, std::string("import"));
  EXPECT_EQ(trade.member("state")->text, std::string("delivered"));
  EXPECT_EQ(unsignedField(trade, "deliveredMilliWh"), uint64_t(50));
  EXPECT_FALSE(fixture.harness.relay.closed());
  // Again: the same answer, nothing changes.
  EXPECT_EQ(fixture.stop(8, "export-ended").body, ended.body);
}

TEST(Router, RefusesBadStopOrders) {
  RouterFixture fixture;
  fixture.post(order(8, 1'000));
  const std::string body = "{\"tradeId\":8,\"reason\":\"cancelled\"}";
  expectRefusal(fixture, fixture.send("POST", "/api/trades/8/stop", body), 401, "missing X-Signature");
  expectRefusal(fixture, fixture.post("{\"tradeId\":9,\"reason\":\"cancelled\"}", "/api/trades/8/stop"), 400,
                "not the trade of the path, 8");
  expectRefusal(fixture, fixture.post("{\"tradeId\":8,\"reason\":\"bored\"}", "/api/trades/8/stop"), 400,
                "reason must be");
  expectRefusal(fixture, fixture.post("{\"tradeId\":8}", "/api/trades/8/stop"), 400, "missing field \"reason\"");
  expectRefusal(fixture, fixture.stop(8, "export-ended"), 409, "is an export on this node");
  EXPECT_EQ(fixture.harness.trade(8).state, TradeState::Queued);
}

TEST(Router, RequestsAboutATradeNeedANonce) {
  RouterFixture fixture;
  const std::string body = order(1, 5);
  expectRefusal(fixture, fixture.send("POST", "/api/trades", body, signatureFor(kSecret, body), std::nullopt), 400,
                "missing X-Nonce");
  expectRefusal(fixture, fixture.send("GET", "/api/trades/1", "", std::nullopt, std::nullopt), 400,
                "missing X-Nonce");
  for (const char* nonce : {"0123456789abcde", "0123456789abcdefg", "", "0123456789abcdef 0",
                            "00000000000000000000000000000000000000000000000000000000000000000"}) {
    expectRefusal(fixture, fixture.send("GET", "/api/trades/1", "", std::nullopt, std::string(nonce)), 400,
                  "X-Nonce must be 16 to 64 hex digits");
  }
  EXPECT_FALSE(fixture.harness.node->findTrade(1).has_value());
  // Status and the dashboard need none.
  EXPECT_EQ(fixture.send("GET", "/api/status", "", std::nullopt, std::nullopt).status, 200);
}

TEST(Router, SignsEveryAnswerOverTheNonceAndTheExactBody) {
  RouterFixture fixture;
  for (const std::string& nonce : {std::string(16, 'a'), std::string("0123456789ABCDEFabcdef"), std::string(64, '9')}) {
    fixture.responses.clear();
    fixture.send("POST", "/api/trades", order(1, 5), signatureFor(kSecret, order(1, 5)), nonce);
    fixture.send("POST", "/api/trades", order(1, 6), signatureFor(kSecret, order(1, 6)), nonce);  // 409
    fixture.send("POST", "/api/trades", order(2, 5), signatureFor("wrong", order(2, 5)), nonce);  // 401
    fixture.send("GET", "/api/trades/1", "", std::nullopt, nonce);
    fixture.send("GET", "/api/trades/404", "", std::nullopt, nonce);
    fixture.send("GET", "/api/status", "", std::nullopt, nonce);
    for (const HttpResponse& response : fixture.responses) {
      EXPECT_EQ(header(response, "X-Signature"), signatureFor(kSecret, nonce + "\n" + response.body));
    }
  }
  // Another nonce, another signature over the same body.
  const HttpResponse one = fixture.send("GET", "/api/trades/1", "", std::nullopt, std::string(16, 'a'));
  const HttpResponse two = fixture.send("GET", "/api/trades/1", "", std::nullopt, std::string(16, 'b'));
  EXPECT_EQ(one.body, two.body);
  EXPECT_TRUE(header(one, "X-Signature") != header(two, "X-Signature"));
  // No nonce, nothing to sign over.
  EXPECT_EQ(header(fixture.send("GET", "/api/status", "", std::nullopt, std::nullopt), "X-Signature"), std::string(""));
}

TEST(Router, RefusesOrdersWhenTheQueueIsFullWith429) {
  NodeConfig config;
  config.maxQueuedTrades = 1;
  RouterFixture fixture(config);
  fixture.post(order(1, 5));
  const HttpResponse response = fixture.post(order(2, 5));
  expectRefusal(fixture, response, 429, "queue is full");
  EXPECT_EQ(header(response, "Retry-After"), std::string("5"));
  EXPECT_FALSE(fixture.harness.node->findTrade(2).has_value());
}

TEST(Router, AnswersCorsPreflightWith204) {
  RouterFixture fixture;
  const HttpResponse response = fixture.send("OPTIONS", "/api/trades");
  EXPECT_EQ(response.status, 204);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(header(response, "Access-Control-Allow-Origin"), std::string("*"));
  EXPECT_EQ(header(response, "Access-Control-Allow-Methods"), std::string("POST, OPTIONS"));
  EXPECT_TRUE(header(response, "Access-Control-Allow-Headers").find("X-Signature") != std::string::npos);
  EXPECT_TRUE(header(response, "Access-Control-Allow-Headers").find("X-Nonce") != std::string::npos);
  EXPECT_TRUE(header(response, "Access-Control-Expose-Headers").find("X-Signature") != std::string::npos);
  EXPECT_EQ(fixture.send("OPTIONS", "/api/status").status, 204);
  EXPECT_EQ(fixture.send("OPTIONS", "/api/trades/3").status, 204);
  EXPECT_EQ(fixture.send("OPTIONS", "/api/trades/3/stop").status, 204);
}

TEST(Router, EveryAnswerCarriesCorsHeaders) {
  RouterFixture fixture;
  fixture.send("GET", "/");
  fixture.send("GET", "/api/status");
  fixture.post(order(1, 5));
  fixture.post(order(1, 6));
  fixture.send("POST", "/api/trades", "{}");
  fixture.send("GET", "/api/trades/1");
  fixture.send("GET", "/api/trades/2");
  fixture.send("GET", "/nope");
  fixture.send("PATCH", "/api/status");
  fixture.responses.push_back(errorResponse(413, "too large"));
  for (const HttpResponse& response : fixture.responses) {
    EXPECT_EQ(header(response, "Access-Control-Allow-Origin"), std::string("*"));
    EXPECT_EQ(header(response, "Cache-Control"), std::string("no-store"));
  }
}

TEST(Router, ServesASelfContainedDashboard) {
  RouterFixture fixture;
  const HttpResponse response = fixture.send("GET", "/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.contentType, std::string("text/html; charset=utf-8"));
  const std::string& page = response.body;
  // Live figures from the status API, a chart, a progress bar.
  EXPECT_TRUE(page.find("fetch('/api/status'") != std::string::npos);
  EXPECT_TRUE(page.find("<canvas") != std::string::npos);
  EXPECT_TRUE(page.find("role=\"progressbar\"") != std::string::npos);
  // Nothing fetched from anywhere else: no URLs, no external scripts, styles or fonts.
  for (const char* external : {"http://", "https://", "src=", "<link", "@import", "url(", "@font-face", "//cdn"}) {
    if (!EXPECT_TRUE(page.find(external) == std::string::npos)) tiny_test::recordFailure(__FILE__, __LINE__, external);
  }
  EXPECT_TRUE(header(response, "Content-Security-Policy").find("default-src 'none'") != std::string::npos);
}
