// Decodes every strip (or tile) of one page of a TIFF with libtiff itself, to learn whether its
// compressed data is damaged. Implemented in Sources/CTIFFVerify/shim.c; used only by CardOCR.
//
// Why: Leptonica 1.82's TIFF reader keeps a page whose strips libtiff could not decompress (the
// rows stay blank) and says nothing, so a damaged page was OCRed as half a card and queued with a
// high confidence (issue 11, item 5). libtiff reports the damage through the return value of
// TIFFReadEncodedStrip and its error handler; this shim installs a per-file handler
// (TIFFOpenOptionsSetErrorHandlerExtR, libtiff >= 4.5) so nothing is printed and the first error
// message is returned instead.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Decodes page `page` (0-based) of the TIFF held in `data` (`size` bytes).
/// Returns 0 when every strip or tile decodes, 1 when one does not (with libtiff's first error
/// message copied into `message`, NUL-terminated, at most `message_size` bytes), and -1 when the
/// page cannot be opened at all (message likewise).
int ctv_verify_page(const unsigned char *data, size_t size, int page, char *message, size_t message_size);

#ifdef __cplusplus
}
#endif
