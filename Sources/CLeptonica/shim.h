// Debian's libleptonica-dev (1.82) installs its headers in /usr/include/leptonica.
#include <leptonica/allheaders.h>
