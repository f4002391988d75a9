#include "../framework/tiny_test.h"

int main(int argc, char** argv) { return tiny_test::runAllTests(argc, argv); }
