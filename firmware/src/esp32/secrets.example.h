// Copy this file to secrets.h in the same folder (git ignores secrets.h) and
// fill in your own values. Never commit the real ones.
#pragma once

namespace energy_node::secrets {

constexpr const char* kWifiSsid = "community-grid";
constexpr const char* kWifiPassword = "change-me";
// HMAC-SHA256 key shared with the delivery service, one per node. Use a long
// random string, e.g. the output of `openssl rand -hex 32`.
constexpr const char* kNodeSecret = "change-me-to-a-long-random-secret";

}  // namespace energy_node::secrets
