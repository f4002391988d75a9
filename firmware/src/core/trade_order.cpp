#include "trade_order.h"

#include "energy_units.h"
#include "json_value.h"

namespace energy_node {
namespace {

constexpr const char* kExpectedShape =
    "expected {\"tradeId\": integer, \"quantityMilliWh\": integer}";

bool readInteger(const JsonValue& object, const char* name, uint64_t minimum, uint64_t maximum,
                 uint64_t& out, std::string& error) {
  const JsonValue* value = object.member(name);
  if (value == nullptr) {
    error = std::string("missing field \"") + name + "\"; " + kExpectedShape;
    return false;
  }
  if (value->kind != JsonValue::Kind::Integer) {
    error = std::string(name) + " must be an integer";
    return false;
  }
  const bool inRange = !value->overflow && !(value->negative && value->magnitude != 0) &&
                       value->magnitude >= minimum && value->magnitude <= maximum;
  if (!inRange) {
    error = std::string(name) + " must be between " + std::to_string(minimum) + " and " +
            std::to_string(maximum);
    return false;
  }
  out = value->magnitude;
  return true;
}

// Names echoed back in an error stay short and printable.
std::string printableName(const std::string& name) {
  constexpr size_t kMaxShown = 40;
  std::string shown;
  for (const char c : name) {
    if (shown.size() == kMaxShown) {
      shown += "...";
      break;
    }
    shown.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  }
  return shown;
}

}  // namespace

bool parseTradeOrder(std::string_view body, uint64_t maxQuantityMilliWh, TradeOrder& order,
                     std::string& error) {
  if (body.size() > kMaxOrderBodyBytes) {
    error = "body is larger than " + std::to_string(kMaxOrderBodyBytes) + " bytes";
    return false;
  }
  if (body.empty()) {
    error = std::string("body is empty; ") + kExpectedShape;
    return false;
  }
  JsonValue document;
  if (!parseJson(body, document, error)) return false;
  if (document.kind != JsonValue::Kind::Object) {
    error = std::string("body must be a JSON object; ") + kExpectedShape;
    return false;
  }
  for (size_t i = 0; i < document.members.size(); ++i) {
    const std::string& key = document.members[i].first;
    if (key != "tradeId" && key != "quantityMilliWh") {
      error = "unknown field \"" + printableName(key) + "\"; " + kExpectedShape;
      return false;
    }
    for (size_t j = 0; j < i; ++j) {
      if (document.members[j].first == key) {
        error = "duplicate field \"" + printableName(key) + "\"";
        return false;
      }
    }
  }
  TradeOrder parsed;
  if (!readInteger(document, "tradeId", 0, kMaxJsonSafeInteger, parsed.tradeId, error)) {
    return false;
  }
  if (!readInteger(document, "quantityMilliWh", 1, maxQuantityMilliWh, parsed.quantityMilliWh,
                   error)) {
    return false;
  }
  order = parsed;
  return true;
}

}  // namespace energy_node
