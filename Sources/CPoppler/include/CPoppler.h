// C interface over poppler-cpp (Debian's libpoppler-cpp-dev), for rasterising PDF pages.
// Implemented in Sources/CPoppler/shim.cpp; used only by CardOCR.
//
// Why a shim: Swift cannot call poppler-cpp's C++ API without C++ interop, which would leak C++
// (std::string, poppler::image, exceptions) into every module that imports this one. This header
// is plain C: an opaque document handle, plain values, status codes.
//
// Ownership:
//   cpd_document_open -> CPDDocument * -> cpd_document_close (exactly once)
//   cpd_render_page   -> CPDBitmap     -> cpd_bitmap_free (accepts zeroed and already freed bitmaps)
// A bitmap does not borrow from its document: either may be freed first.
// Paths are borrowed for the duration of the call only.
//
// No C++ exception crosses this boundary: every entry point catches everything and reports
// CPD_STATUS_INTERNAL_ERROR (or CPD_STATUS_OUT_OF_MEMORY for std::bad_alloc).
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Result of a cpd_* call.
typedef enum CPDStatus {
    CPD_STATUS_OK = 0,
    /// poppler cannot parse the file as a PDF (damaged, truncated beyond repair, not a PDF).
    CPD_STATUS_DAMAGED = 1,
    /// The document is encrypted with a user password: nothing can be read without it.
    CPD_STATUS_LOCKED = 2,
    /// The page does not exist, or its page object is missing or damaged.
    CPD_STATUS_BAD_PAGE = 3,
    /// The page exists but poppler produced no image for it.
    CPD_STATUS_RENDER_FAILED = 4,
    /// A NULL pointer or an out-of-range value where a valid one was required.
    CPD_STATUS_INVALID_ARGUMENT = 100,
    CPD_STATUS_OUT_OF_MEMORY = 101,
    /// A C++ exception other than std::bad_alloc was caught at the boundary.
    CPD_STATUS_INTERNAL_ERROR = 102,
} CPDStatus;

/// An open PDF document (a poppler::document). Not thread-safe: use from one thread at a time.
/// Separate documents on separate threads are fine as far as measured: a `--jobs 2` scan of four
/// copies of TestImages/pages/three-pages.pdf read the same cards on every copy.
typedef struct CPDDocument CPDDocument;

/// An 8-bit grey image: `height` rows of `bytes_per_row` bytes, the first `width` of each row
/// used, 0 = black, 255 = white. `owner` is the shim's; free with cpd_bitmap_free.
typedef struct CPDBitmap {
    const uint8_t *data;
    int32_t width;
    int32_t height;
    int32_t bytes_per_row;
    void *owner;
} CPDBitmap;

/// Opens the PDF at `path` (UTF-8). On success `*out` is a document to close with
/// cpd_document_close; on failure `*out` is NULL. Returns CPD_STATUS_LOCKED for a document that
/// needs a user password (one with only an owner password opens and renders).
/// Also silences poppler's error messages (process-wide, once): they are reported as statuses.
CPDStatus cpd_document_open(const char *path, CPDDocument **out);

/// Closes a document; NULL is ignored.
void cpd_document_close(CPDDocument *document);

/// The number of pages the document declares (0 when it has none).
int32_t cpd_document_page_count(const CPDDocument *document);

/// The size of page `index` (0-based) in points (1/72 inch), as rendered: its crop box, with
/// width and height swapped when the page is rotated by 90 or 270 degrees.
CPDStatus cpd_page_size(const CPDDocument *document, int32_t index, double *width, double *height);

/// Renders page `index` (0-based) at `dpi` dots per inch as 8-bit grey, anti-aliased, into
/// `*out` (which is zeroed first). Free the bitmap with cpd_bitmap_free.
CPDStatus cpd_render_page(const CPDDocument *document, int32_t index, double dpi, CPDBitmap *out);

/// Frees a bitmap's pixels and zeroes it; a zeroed bitmap is ignored.
void cpd_bitmap_free(CPDBitmap *bitmap);

#ifdef __cplusplus
}
#endif
