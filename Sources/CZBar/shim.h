// Debian's libzbar-dev (0.23) C API: the image scanner only (QR codes on cards).
#include <zbar.h>
