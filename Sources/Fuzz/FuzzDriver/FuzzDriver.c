// SwiftPM links an executable target with `main` bound to the module's own entry point, so libFuzzer's
// `main` is never used. The Swift top-level code of each fuzz target calls CNKBFuzzMain instead, which
// hands over to libFuzzer's public driver entry, LLVMFuzzerRunDriver (in libclang_rt.fuzzer since LLVM 11).
#include "FuzzDriver.h"

#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

static CNKBFuzzTarget currentTarget;

static int runTarget(const uint8_t *data, size_t size) { return currentTarget(data, size); }

int CNKBFuzzMain(int argc, char **argv, CNKBFuzzTarget target) {
  currentTarget = target;
  return LLVMFuzzerRunDriver(&argc, &argv, runTarget);
}
