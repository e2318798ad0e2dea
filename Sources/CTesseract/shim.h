// Debian's libtesseract-dev (5.3) C API.
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
