// Debian's libheif-dev (1.15) C API: read the primary image of a HEIF file as RGB.
#include <libheif/heif.h>
