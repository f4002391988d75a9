#include "tiny_test.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

namespace tiny_test {
namespace {

struct RegisteredTest {
  std::string fullName;
  TestFunction function;
};

std::vector<RegisteredTest>& registry() {
  static std::vector<RegisteredTest> tests;
  return tests;
}

std::map<std::string, std::string>& options() {
  static std::map<std::string, std::string> values;
  return values;
}

std::vector<std::string> currentFailures;

}  // namespace

Registrar::Registrar(const char* suite, const char* name, TestFunction function) {
  registry().push_back({std::string(suite) + "." + name, function});
}

void recordFailure(const char* file, int line, const std::string& message) {
  currentFailures.push_back(std::string(file) + ":" + std::to_string(line) + ": " + message);
}

bool checkTrue(bool condition, const char* text, const char* file, int line) {
  if (!condition) recordFailure(file, line, std::string("expected ") + text);
  return condition;
}

bool checkNear(double actual, double expected, double tolerance, const char* actualText,
               const char* file, int line) {
  if (std::fabs(actual - expected) <= tolerance) return true;
  recordFailure(file, line,
                std::string(actualText) + " = " + show(actual) + ", expected " + show(expected) +
                    " within " + show(tolerance));
  return false;
}

std::string option(const std::string& name) {
  const auto found = options().find(name);
  return found == options().end() ? std::string() : found->second;
}

int runAllTests(int argc, char** argv) {
  std::string filter;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument.rfind("--", 0) == 0 && i + 1 < argc) {
      options()[argument] = argv[++i];
    } else {
      filter = argument;
    }
  }
  int passed = 0;
  int failed = 0;
  for (const RegisteredTest& test : registry()) {
    if (!filter.empty() && test.fullName.find(filter) == std::string::npos) continue;
    currentFailures.clear();
    test.function();
    if (currentFailures.empty()) {
      ++passed;
      std::printf("ok    %s\n", test.fullName.c_str());
    } else {
      ++failed;
      std::printf("FAIL  %s\n", test.fullName.c_str());
      for (const std::string& failure : currentFailures) std::printf("      %s\n", failure.c_str());
    }
    std::fflush(stdout);
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace tiny_test
