// The order body: strict JSON, integers only, bounded.
#include <string>
#include <utility>
#include <vector>

#include "../../src/core/json_value.h"
#include "../../src/core/trade_order.h"
#include "../framework/tiny_test.h"

using namespace energy_node;

namespace {

constexpr uint64_t kMaxQuantity = 100'000'000;

bool parses(const std::string& body, TradeOrder& order) {
  std::string error;
  return parseTradeOrder(body, kMaxQuantity, order, error);
}

// The error for a body that must be refused; empty if it was accepted.
std::string refusal(const std::string& body) {
  TradeOrder order;
  std::string error;
  return parseTradeOrder(body, kMaxQuantity, order, error) ? std::string() : error;
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(TradeOrder, ParsesAWellFormedOrder) {
  TradeOrder order;
  ASSERT_TRUE(parses("{\"tradeId\":42,\"quantityMilliWh\":1500}", order));
  EXPECT_EQ(order.tradeId, uint64_t(42));
  EXPECT_EQ(order.quantityMilliWh, uint64_t(1500));
  EXPECT_EQ(order.role, TradeRole::Export);  // the default, as before roles existed
}

TEST(TradeOrder, ReadsTheRole) {
  TradeOrder order;
  ASSERT_TRUE(parses("{\"tradeId\":1,\"quantityMilliWh\":5,\"role\":\"import\"}", order));
  EXPECT_EQ(order.role, TradeRole::Import);
  ASSERT_TRUE(parses("{\"role\":\"export\",\"tradeId\":1,\"quantityMilliWh\":5}", order));
  EXPECT_EQ(order.role, TradeRole::Export);
  for (const char* role : {"\"Import\"", "\"buy\"", "null", "1", "[\"import\"]", "\"\""}) {
    const std::string error = refusal(std::string("{\"tradeId\":1,\"quantityMilliWh\":5,\"role\":") + role + "}");
    EXPECT_TRUE(mentions(error, "role must be \"export\" or \"import\""));
  }
}

TEST(StopOrder, ReadsTheTradeAndTheReason) {
  StopOrder order;
  std::string error;
  ASSERT_TRUE(parseStopOrder("{\"tradeId\":7,\"reason\":\"cancelled\"}", order, error));
  EXPECT_EQ(order.tradeId, uint64_t(7));
  EXPECT_EQ(order.command, StopCommand::Cancel);
  ASSERT_TRUE(parseStopOrder("{\"reason\":\"export-ended\",\"tradeId\":0}", order, error));
  EXPECT_EQ(order.command, StopCommand::ExportEnded);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"{\"tradeId\":7}", "missing field \"reason\""},
      {"{\"reason\":\"cancelled\"}", "missing field \"tradeId\""},
      {"{\"tradeId\":7,\"reason\":\"stop\"}", "reason must be"},
      {"{\"tradeId\":7,\"reason\":\"cancelled\",\"quantityMilliWh\":5}", "unknown field"},
      {"{\"tradeId\":-7,\"reason\":\"cancelled\"}", "tradeId must be between"},
      {"", "body is empty"},
  };
  for (const auto& [body, part] : bad) {
    EXPECT_FALSE(parseStopOrder(body, order, error));
    EXPECT_TRUE(mentions(error, part));
  }
}

TEST(TradeOrder, AcceptsAnyFieldOrderAndWhitespace) {
  TradeOrder order;
  ASSERT_TRUE(parses(" \n{ \"quantityMilliWh\" : 7 ,\t\"tradeId\" : 0 }\r\n", order));
  EXPECT_EQ(order.tradeId, uint64_t(0));
  EXPECT_EQ(order.quantityMilliWh, uint64_t(7));
}

TEST(TradeOrder, AcceptsTradeIdsUpToTwoToThe53MinusOne) {
  TradeOrder order;
  ASSERT_TRUE(parses("{\"tradeId\":9007199254740991,\"quantityMilliWh\":1}", order));
  EXPECT_EQ(order.tradeId, uint64_t(9'007'199'254'740'991ULL));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":9007199254740992,\"quantityMilliWh\":1}"), "tradeId must be between"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":123456789012345678901234567890,\"quantityMilliWh\":1}"),
                       "tradeId must be between"));
}

TEST(TradeOrder, RefusesZeroNegativeAndAbsurdQuantities) {
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":1,\"quantityMilliWh\":0}"), "quantityMilliWh must be between 1 and"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":1,\"quantityMilliWh\":-5}"), "quantityMilliWh must be between"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":1,\"quantityMilliWh\":100000001}"), "quantityMilliWh must be between"));
  TradeOrder order;
  EXPECT_TRUE(parses("{\"tradeId\":1,\"quantityMilliWh\":100000000}", order));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":-1,\"quantityMilliWh\":5}"), "tradeId must be between"));
}

TEST(TradeOrder, RefusesNumbersThatAreNotIntegers) {
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":1.0,\"quantityMilliWh\":5}"), "tradeId must be an integer"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":1,\"quantityMilliWh\":1e3}"), "quantityMilliWh must be an integer"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":1,\"quantityMilliWh\":2.5}"), "must be an integer"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":\"1\",\"quantityMilliWh\":5}"), "tradeId must be an integer"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":true,\"quantityMilliWh\":5}"), "must be an integer"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":null,\"quantityMilliWh\":5}"), "must be an integer"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":[1],\"quantityMilliWh\":5}"), "must be an integer"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":{},\"quantityMilliWh\":5}"), "must be an integer"));
}

TEST(TradeOrder, RefusesMissingUnknownAndDuplicateFields) {
  EXPECT_TRUE(mentions(refusal("{\"quantityMilliWh\":5}"), "missing field \"tradeId\""));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":5}"), "missing field \"quantityMilliWh\""));
  EXPECT_TRUE(mentions(refusal("{}"), "missing field"));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":1,\"quantityMilliWh\":5,\"price\":3}"), "unknown field \"price\""));
  EXPECT_TRUE(mentions(refusal("{\"tradeId\":1,\"tradeId\":2,\"quantityMilliWh\":5}"), "duplicate field \"tradeId\""));
  EXPECT_TRUE(mentions(refusal("{\"tradeid\":1,\"quantityMilliWh\":5}"), "unknown field"));
}

TEST(TradeOrder, RefusesMalformedJson) {
  for (const char* body : {"{\"tradeId\":1,\"quantityMilliWh\":5", "{\"tradeId\":1,,\"quantityMilliWh\":5}",
                           "{tradeId:1,quantityMilliWh:5}", "{\"tradeId\":01,\"quantityMilliWh\":5}",
                           "{\"tradeId\":1,\"quantityMilliWh\":5}}", "{\"tradeId\":1,\"quantityMilliWh\":5} x",
                           "{'tradeId':1}", "{\"tradeId\":1,\"quantityMilliWh\":+5}", "nul",
                           "{\"tradeId\":1,\"quantityMilliWh\":5,}", "{\"tradeId\" 1}"}) {
    const std::string error = refusal(body);
    if (!EXPECT_TRUE(mentions(error, "invalid JSON"))) tiny_test::recordFailure(__FILE__, __LINE__, body);
  }
}

TEST(TradeOrder, RefusesBodiesThatAreNotAnObject) {
  EXPECT_TRUE(mentions(refusal(""), "body is empty"));
  EXPECT_TRUE(mentions(refusal("[1,2]"), "must be a JSON object"));
  EXPECT_TRUE(mentions(refusal("42"), "must be a JSON object"));
  EXPECT_TRUE(mentions(refusal("\"order\""), "must be a JSON object"));
}

TEST(TradeOrder, RefusesBodiesOverTheSizeLimit) {
  const std::string padded = "{\"tradeId\":1,\"quantityMilliWh\":5" + std::string(kMaxOrderBodyBytes, ' ') + "}";
  EXPECT_TRUE(mentions(refusal(padded), "larger than 256 bytes"));
}

TEST(TradeOrder, KeepsErrorMessagesPrintable) {
  const std::string error = refusal("{\"\\u0001\\u00e9x\":1}");
  EXPECT_TRUE(mentions(error, "unknown field \"???x\""));
}

TEST(Json, DecodesEscapesAndSurrogatePairs) {
  JsonValue value;
  std::string error;
  ASSERT_TRUE(parseJson("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"", value, error));
  EXPECT_EQ(value.text, std::string("a\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80"));
}

TEST(Json, RefusesInvalidStrings) {
  JsonValue value;
  std::string error;
  EXPECT_FALSE(parseJson("\"\\ud83d\"", value, error));           // lone high surrogate
  EXPECT_FALSE(parseJson("\"\\ude00\"", value, error));           // lone low surrogate
  EXPECT_FALSE(parseJson("\"\\x41\"", value, error));              // unknown escape
  EXPECT_FALSE(parseJson("\"tab\there\"", value, error));          // raw control character
  EXPECT_FALSE(parseJson("\"\xc3\"", value, error));               // truncated UTF-8
  EXPECT_FALSE(parseJson("\"\xc0\xaf\"", value, error));           // overlong UTF-8
  EXPECT_FALSE(parseJson("\"\xed\xa0\x80\"", value, error));       // encoded surrogate
  EXPECT_FALSE(parseJson("\"\xf4\x90\x80\x80\"", value, error));   // past U+10FFFF
  EXPECT_TRUE(parseJson("\"\xe2\x82\xac\"", value, error));        // the euro sign is fine
}

TEST(Json, LimitsNestingDepth) {
  JsonValue value;
  std::string error;
  EXPECT_TRUE(parseJson(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']'), value, error));
  EXPECT_FALSE(parseJson(std::string(kMaxJsonDepth + 2, '[') + std::string(kMaxJsonDepth + 2, ']'), value, error));
  EXPECT_TRUE(mentions(error, "nested too deeply"));
  EXPECT_FALSE(parseJson(std::string(100'000, '['), value, error));
}

TEST(Json, ReadsSignedAndUnsignedIntegersAtTheirLimits) {
  JsonValue value;
  std::string error;
  int64_t signedValue = 0;
  uint64_t unsignedValue = 0;
  ASSERT_TRUE(parseJson("-9223372036854775808", value, error));
  EXPECT_TRUE(value.asSigned(signedValue));
  EXPECT_EQ(signedValue, INT64_MIN);
  EXPECT_FALSE(value.asUnsigned(unsignedValue));
  ASSERT_TRUE(parseJson("18446744073709551615", value, error));
  EXPECT_TRUE(value.asUnsigned(unsignedValue));
  EXPECT_FALSE(value.asSigned(signedValue));
  ASSERT_TRUE(parseJson("18446744073709551616", value, error));
  EXPECT_TRUE(value.overflow);
  EXPECT_FALSE(value.asUnsigned(unsignedValue));
}
