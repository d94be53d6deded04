/* The JSON Lines reader on any bytes (checks in read.c). */
#include "read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_read(WARTA_FORMAT_JSONL, data, size);
  return 0;
}
