// Replays a fuzz corpus through LLVMFuzzerTestOneInput with the project's normal compiler, so that the
// corpus is exercised (and kept valid) on every build, with or without clang and libFuzzer.
//   mapping_fuzz_corpus DIR...   exits non-zero when a directory is empty or missing
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(argv[i], ec)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
    }
    if (ec) {
      std::fprintf(stderr, "Cannot read corpus directory %s: %s\n", argv[i], ec.message().c_str());
      return 2;
    }
  }
  if (inputs == 0) {
    std::fprintf(stderr, "No corpus inputs found: the replay would test nothing.\n");
    return 2;
  }
  std::printf("Replayed %zu corpus inputs without a crash.\n", inputs);
  return 0;
}
