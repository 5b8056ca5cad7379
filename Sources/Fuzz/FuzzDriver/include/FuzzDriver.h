// Starts libFuzzer from a SwiftPM executable (see FuzzDriver.c).
#ifndef CNKB_FUZZ_DRIVER_H
#define CNKB_FUZZ_DRIVER_H

#include <stddef.h>

#pragma clang assume_nonnull begin

/// The function libFuzzer calls with each input: the bytes and their count; returns 0.
typedef int (*CNKBFuzzTarget)(const void *data, size_t size);

/// Runs libFuzzer's driver on the process's arguments, calling `target` with each input; returns the
/// driver's exit status.
int CNKBFuzzMain(int argc, char *_Nullable *_Nonnull argv, CNKBFuzzTarget target);

#pragma clang assume_nonnull end

#endif
