#include "trade_order.h"

#include <initializer_list>

#include "energy_units.h"
#include "json_value.h"

namespace energy_node {
namespace {

constexpr const char* kOrderShape =
    "expected {\"tradeId\": integer, \"quantityMilliWh\": integer, \"role\": \"export\" or \"import\"}";
constexpr const char* kStopShape =
    "expected {\"tradeId\": integer, \"reason\": \"cancelled\" or \"export-ended\"}";

bool readInteger(const JsonValue& object, const char* name, uint64_t minimum, uint64_t maximum,
                 const char* shape, uint64_t& out, std::string& error) {
  const JsonValue* value = object.member(name);
  if (value == nullptr) {
    error = std::string("missing field \"") + name + "\"; " + shape;
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

// The body as a JSON object holding only `allowed` fields, each at most once.
bool parseObject(std::string_view body, std::initializer_list<const char*> allowed, const char* shape,
                 JsonValue& document, std::string& error) {
  if (body.size() > kMaxOrderBodyBytes) {
    error = "body is larger than " + std::to_string(kMaxOrderBodyBytes) + " bytes";
    return false;
  }
  if (body.empty()) {
    error = std::string("body is empty; ") + shape;
    return false;
  }
  if (!parseJson(body, document, error)) return false;
  if (document.kind != JsonValue::Kind::Object) {
    error = std::string("body must be a JSON object; ") + shape;
    return false;
  }
  for (size_t i = 0; i < document.members.size(); ++i) {
    const std::string& key = document.members[i].first;
    bool known = false;
    for (const char* name : allowed) known = known || key == name;
    if (!known) {
      error = "unknown field \"" + printableName(key) + "\"; " + shape;
      return false;
    }
    for (size_t j = 0; j < i; ++j) {
      if (document.members[j].first == key) {
        error = "duplicate field \"" + printableName(key) + "\"";
        return false;
      }
    }
  }
  return true;
}

}  // namespace

bool parseTradeOrder(std::string_view body, uint64_t maxQuantityMilliWh, TradeOrder& order,
                     std::string& error) {
  JsonValue document;
  if (!parseObject(body, {"tradeId", "quantityMilliWh", "role"}, kOrderShape, document, error)) {
    return false;
  }
  TradeOrder parsed;
  if (!readInteger(document, "tradeId", 0, kMaxJsonSafeInteger, kOrderShape, parsed.tradeId, error) ||
      !readInteger(document, "quantityMilliWh", 1, maxQuantityMilliWh, kOrderShape,
                   parsed.quantityMilliWh, error)) {
    return false;
  }
  if (const JsonValue* role = document.member("role")) {
    if (role->kind != JsonValue::Kind::String || !tradeRoleFromName(role->text, parsed.role)) {
      error = "role must be \"export\" or \"import\"";
      return false;
    }
  }
  order = parsed;
  return true;
}

bool parseStopOrder(std::string_view body, StopOrder& order, std::string& error) {
  JsonValue document;
  if (!parseObject(body, {"tradeId", "reason"}, kStopShape, document, error)) return false;
  StopOrder parsed;
  if (!readInteger(document, "tradeId", 0, kMaxJsonSafeInteger, kStopShape, parsed.tradeId, error)) {
    return false;
  }
  const JsonValue* reason = document.member("reason");
  if (reason == nullptr) {
    error = std::string("missing field \"reason\"; ") + kStopShape;
    return false;
  }
  if (reason->kind == JsonValue::Kind::String && reason->text == "cancelled") {
    parsed.command = StopCommand::Cancel;
  } else if (reason->kind == JsonValue::Kind::String && reason->text == "export-ended") {
    parsed.command = StopCommand::ExportEnded;
  } else {
    error = "reason must be \"cancelled\" or \"export-ended\"";
    return false;
  }
  order = parsed;
  return true;
}

}  // namespace energy_node
