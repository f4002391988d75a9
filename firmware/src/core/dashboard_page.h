// The page served at GET /: live figures, a chart of power over time and the
// active trade's progress. Self-contained (inline CSS and JS, no fonts, no
// CDN): a node's network has no internet.
#pragma once

#include <string_view>

namespace energy_node {

std::string_view dashboardPage();

}  // namespace energy_node
